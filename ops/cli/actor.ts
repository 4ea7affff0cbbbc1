// Who runs an operator CLI: recorded in jobs, manifests and the lock.
import { hostname, userInfo } from "node:os";

export const cliActor = () => `${userInfo().username}@${hostname()} (cli)`;
