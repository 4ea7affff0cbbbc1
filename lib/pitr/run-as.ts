// pgBackRest and Postgres refuse to run as root, and their files belong to
// the cluster's OS user (PITR_RUN_AS, "postgres" by default): every command
// here runs as that user. Already that user: as is. Root: runuser. Anyone
// else: sudo -n -u (a sudoers rule for exactly these commands; see the README).
import { spawn } from "node:child_process";
import { userInfo } from "node:os";
import { env } from "@/lib/env";
import { maskSecrets } from "@/lib/mask";

export type RunOptions = {
  /** Each line of output as it comes (progress). */
  onLine?: (line: string) => void;
  signal?: AbortSignal;
  /** Extra environment (e.g. PGPORT); the process's own is passed on. */
  env?: Record<string, string>;
  /** Written to the command's standard input. */
  input?: string;
};

export class CommandFailedError extends Error {
  constructor(
    readonly command: string,
    message: string,
  ) {
    super(message);
    this.name = "CommandFailedError";
  }
}

/** The program and arguments that run `command` as the cluster's OS user. */
export function asClusterUser(command: string, args: string[]): [string, string[]] {
  const user = env().PITR_RUN_AS;
  if (userInfo().username === user) return [command, args];
  if (userInfo().uid === 0) return ["runuser", ["-u", user, "--", command, ...args]];
  return ["sudo", ["-n", "-u", user, "--", command, ...args]];
}

/** Runs `command` as the cluster's user; resolves with its output, or throws with the last line that says why. */
export function runAsCluster(command: string, args: string[], options: RunOptions = {}): Promise<string> {
  const [file, fileArgs] = asClusterUser(command, args);
  return new Promise((resolve, reject) => {
    const child = spawn(file, fileArgs, {
      cwd: "/", // the cluster's user may not be able to enter the app's folder
      env: { ...process.env, ...options.env }, // eslint-disable-line no-restricted-properties
      stdio: [options.input === undefined ? "ignore" : "pipe", "pipe", "pipe"],
      signal: options.signal,
    });
    if (options.input !== undefined) child.stdin!.end(options.input);
    let output = "";
    let pending = "";
    const take = (chunk: Buffer) => {
      const text = chunk.toString();
      output = (output + text).slice(-64_000);
      pending += text;
      const lines = pending.split("\n");
      pending = lines.pop() ?? "";
      for (const line of lines) options.onLine?.(line);
    };
    child.stdout!.on("data", take);
    child.stderr!.on("data", take);
    child.on("error", (error) => reject(new CommandFailedError(command, `${command} could not run: ${error.message}`)));
    child.on("close", (code) => {
      if (pending) options.onLine?.(pending);
      if (code === 0) return resolve(output);
      const lines = output.split("\n").filter((l) => l.trim());
      const why = lines.filter((l) => /ERROR|FATAL|error:/i.test(l)).at(-1) ?? lines.at(-1) ?? `exit ${code}`;
      reject(new CommandFailedError(command, `${command} failed: ${maskSecrets(why.trim())}`));
    });
  });
}
