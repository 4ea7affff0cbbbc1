// A scratch cluster: the stanza's backup restored by pgBackRest into a folder
// of its own under PITR_SCRATCH_DIR, recovered to a target (a time or an LSN)
// from the archive, promoted, made read-only, on its own port of 127.0.0.1.
// It never archives (pgBackRest's --archive-mode=off), so it cannot touch the
// repository. Removed when the work ends; what a killed run left is removed
// by the next one (removeLeftoverScratch, under the operations lock).
import { randomBytes } from "node:crypto";
import { statfs } from "node:fs/promises";
import net from "node:net";
import path from "node:path";
import { directDatabaseUrl, env } from "@/lib/env";
import { UserFacingError } from "@/lib/errors";
import { fractionDone, pgbackrest, targetTime, type PitrBackup } from "@/lib/pitr/pgbackrest";
import { runAsCluster } from "@/lib/pitr/run-as";

const PG_BIN = "/usr/lib/postgresql/15/bin";
const PREFIX = "scratch-";

/** Where recovery stops (the end of the archive: "latest"), from which backup set (pgBackRest's label; the newest by default). */
export type RecoveryTarget =
  (({ type: "time"; at: Date } | { type: "lsn"; lsn: string }) & { set: string }) | { type: "latest" };

function targetArgs(target: RecoveryTarget): string[] {
  if (target.type === "latest") return []; // pgBackRest's default: replay all the archive, then promote
  const where =
    target.type === "time"
      ? ["--type=time", `--target=${targetTime(target.at)}`]
      : ["--type=lsn", `--target=${target.lsn}`];
  return [...where, `--set=${target.set}`, "--target-action=promote"];
}

export type Scratch = {
  dir: string;
  port: number;
  /** A connection string to `database` on the scratch cluster. */
  url: (database: string) => string;
  remove: () => Promise<void>;
};

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Refuses to start when the scratch folder's disk cannot hold the restored cluster (its size, and a tenth more). */
export async function checkScratchSpace(backup: PitrBackup): Promise<void> {
  const dir = env().PITR_SCRATCH_DIR;
  await runAsCluster("sh", ["-c", 'umask 077 && mkdir -p "$1"', "sh", dir]);
  const fs = await statfs(dir);
  const free = fs.bavail * fs.bsize;
  const needed = Math.ceil(backup.info.size * 1.1);
  if (free < needed)
    throw new UserFacingError(
      `not enough space in PITR_SCRATCH_DIR (${dir}): the restored cluster needs about ${Math.ceil(needed / 1e6)} MB, ${Math.floor(free / 1e6)} MB are free`,
    );
}

const pgCtl = (dir: string, args: string[]) =>
  runAsCluster(`${PG_BIN}/pg_ctl`, ["-D", path.join(dir, "data"), ...args]);

async function stopAndRemove(dir: string): Promise<void> {
  await pgCtl(dir, ["-m", "immediate", "-w", "stop"]).catch(() => {}); // not running: nothing to stop
  await runAsCluster("rm", ["-rf", "--", dir]);
}

/** Stops and removes whatever scratch clusters an interrupted run left behind. */
export async function removeLeftoverScratch(): Promise<string[]> {
  const root = env().PITR_SCRATCH_DIR;
  const listing = await runAsCluster("ls", ["-1", root]).catch(() => "");
  const left = listing.split("\n").filter((name) => name.startsWith(PREFIX));
  for (const name of left) await stopAndRemove(path.join(root, name));
  return left;
}

/** Statements on the scratch cluster over its own socket, as the cluster's user (peer), each on its own. */
const psqlOn = (dir: string, port: number, ...statements: string[]) =>
  runAsCluster("psql", [
    ...["-h", dir, "-p", String(port), "-d", "postgres", "-AtX", "-v", "ON_ERROR_STOP=1"],
    ...statements.flatMap((sql) => ["-c", sql]),
  ]);

/** The scratch cluster's last FATAL or PANIC line, in words. */
async function logProblem(dir: string): Promise<string | null> {
  const log = await runAsCluster("tail", ["-n", "20", path.join(dir, "log")]).catch(() => "");
  const line = log
    .split("\n")
    .filter((l) => /FATAL|PANIC/.test(l))
    .at(-1);
  return line ? line.replace(/^.*?(FATAL|PANIC):\s*/, "") : null;
}

async function waitForPromotion(dir: string, port: number, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  for (;;) {
    const answer = await psqlOn(dir, port, "SELECT pg_is_in_recovery()").catch(() => null);
    if (answer?.trim() === "f") return;
    if (answer === null) {
      const problem = await logProblem(dir);
      if (problem) throw new Error(`the scratch cluster stopped during recovery: ${problem}`);
    }
    if (Date.now() > deadline)
      throw new Error(`the scratch cluster did not finish recovery within ${Math.round(ms / 1000)} s`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/**
 * Who may connect to a scratch cluster: the cluster's user on its socket (in
 * the 0700 scratch folder), and over 127.0.0.1 only with a password made for
 * this run. Whatever the live cluster's pg_hba.conf said is not used.
 */
const SCRATCH_HBA = "local all all peer\nhost all all 127.0.0.1/32 scram-sha-256\n";

/**
 * Restores `database` (the others are left empty by --db-include) as of
 * `target` into a new scratch cluster, starts it and waits until it has
 * recovered and been promoted. `onRestored` gets the fraction restored.
 */
export async function startScratch(
  database: string,
  target: RecoveryTarget,
  options: { onRestored?: (fraction: number) => void; onRecovering?: () => void; signal?: AbortSignal } = {},
): Promise<Scratch> {
  const dir = path.join(env().PITR_SCRATCH_DIR, `${PREFIX}${Date.now()}-${randomBytes(3).toString("hex")}`);
  await runAsCluster("sh", ["-c", 'umask 077 && mkdir -p "$1/data"', "sh", dir]);
  const remove = () => stopAndRemove(dir);
  try {
    await pgbackrest(
      [
        "restore",
        `--pg1-path=${path.join(dir, "data")}`,
        ...targetArgs(target),
        `--db-include=${database}`,
        "--archive-mode=off",
        "--log-level-console=detail",
      ],
      {
        signal: options.signal,
        onLine: (line) => {
          const fraction = fractionDone(line);
          if (fraction !== null) options.onRestored?.(fraction);
        },
      },
    );
    options.onRecovering?.();
    await runAsCluster("sh", ["-c", 'cat > "$1"', "sh", path.join(dir, "data", "pg_hba.conf")], { input: SCRATCH_HBA });
    const port = await freePort();
    const settings = [
      `port=${port}`,
      "listen_addresses=127.0.0.1",
      `unix_socket_directories=${dir}`,
      "archive_mode=off",

      "shared_buffers=128MB", // Postgres's default: the live cluster's own may be sized for a host of its own
      "hot_standby=on",
    ];
    const serverOptions = settings.map((setting) => `-c ${setting}`).join(" ");
    await pgCtl(dir, ["-o", serverOptions, "-l", path.join(dir, "log"), "-w", "-t", "600", "start"]).catch(async () => {
      throw new Error(`the scratch cluster did not start: ${(await logProblem(dir)) ?? "see its log"}`);
    });
    await waitForPromotion(dir, port, 3_600_000);
    const password = randomBytes(18).toString("base64url");
    await psqlOn(
      dir,
      port,
      `ALTER ROLE CURRENT_USER PASSWORD '${password}'`,
      "ALTER SYSTEM SET default_transaction_read_only = on",
      "SELECT pg_reload_conf()",
    );
    const user = env().PITR_RUN_AS;
    const url = (db: string) =>
      `postgresql://${encodeURIComponent(user)}:${password}@127.0.0.1:${port}/${encodeURIComponent(db)}`;
    return { dir, port, url, remove };
  } catch (error) {
    await remove().catch(() => {});
    throw error;
  }
}

/** The database the app uses (the one to restore into a scratch cluster). */
export const liveDatabaseName = () => new URL(directDatabaseUrl()).pathname.slice(1) || "postgres";
