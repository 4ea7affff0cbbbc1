// Who runs an operator CLI: recorded in jobs, manifests, the lock and the audit
// log. The OS user and host by default; --actor names a person (or a cron job).
import { hostname, userInfo } from "node:os";

export const ACTOR_OPTION = { actor: { type: "string" } } as const;
export const ACTOR_HELP = "--actor NAME is recorded in the audit log and the job (default: the OS user and host).";

export const cliActor = (name?: string) => {
  const machine = `${userInfo().username}@${hostname()}`;
  return name ? `${name} (cli, ${machine})` : `${machine} (cli)`;
};
