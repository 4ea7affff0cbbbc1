// Replays a backup with psql, all or nothing: we wrap the SQL in BEGIN …
// COMMIT ourselves, so a failure (bad SQL with ON_ERROR_STOP, a killed
// process, a full disk, a cut stream) never reaches COMMIT and Postgres rolls
// everything back. (psql's own --single-transaction would COMMIT at end of
// input, even if the input was cut short.)
//
// A restore over a live database runs in one psql session:
//   1. BEGIN; LOCK every table IN EXCLUSIVE MODE (reads go on, writes wait);
//      export the snapshot: every write acknowledged before now is in it.
//   2. Set every schema aside under a new name (lib/ops/aside.ts), or, where
//      that cannot be done, the caller takes the safety backup from the
//      snapshot and every schema is dropped.
//   3. Recreate `public` as a new database has it, replay the dump, COMMIT.
//      Writes that waited then run against the restored data.
// So an acknowledged write is either in the previous data (kept aside, or in
// the safety backup) or in the database afterwards, never lost between the two.
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { withPgClient } from "@/lib/db/pg-client";
import { maskSecrets } from "@/lib/mask";
import { ownSchema, setAsideSql } from "@/lib/ops/aside";
import { sqlStream } from "@/lib/ops/dump";
import { childEnvironment, requireTool } from "@/lib/ops/pg-tools";
import { filterPrivileges, type Unrestorable } from "@/lib/ops/privileges";

const SNAPSHOT_MARK = "legendai-snapshot:";
/** How long a restore waits for running transactions to let go of the tables. */
const LOCK_WAIT_S = 30;
/** The database's own schemas: not the system's, and not data an earlier restore kept aside. */
const USER_SCHEMAS = ownSchema("nspname");

/** Empties the database the way a fresh one is: no schemas but `public`, owned and granted as CREATE DATABASE makes it. */
const RESET_SQL = `
DO $$ DECLARE s record; BEGIN
  FOR s IN SELECT nspname FROM pg_namespace WHERE ${USER_SCHEMAS} LOOP
    EXECUTE format('DROP SCHEMA %I CASCADE', s.nspname);
  END LOOP;
END $$;
SET client_min_messages = warning;
CREATE SCHEMA public AUTHORIZATION pg_database_owner;
GRANT USAGE ON SCHEMA public TO PUBLIC;
COMMENT ON SCHEMA public IS 'standard public schema';
RESET client_min_messages;
`;

/** Measured on the 1M-scan benchmark database (docs/benchmark.md). */
const REPLAY_MAINTENANCE_WORK_MEM = "256MB";

export type ReplayResult = {
  /** Grants and owners the restoring role could not give back, one line each. */
  notRestored: Unrestorable[];
};

function startPsql(databaseUrl: string): {
  child: ChildProcessWithoutNullStreams;
  exited: Promise<number>;
  stderr: () => string;
} {
  requireTool("psql");
  const child = spawn("psql", ["-X", "-q", "-At", "-v", "ON_ERROR_STOP=1", "--no-password"], {
    env: childEnvironment(databaseUrl, process.env), // eslint-disable-line no-restricted-properties
    stdio: ["pipe", "pipe", "pipe"],
  });
  let stderr = "";
  child.stderr.on("data", (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
  const exited = new Promise<number>((resolve) => {
    child.on("error", () => resolve(127));
    child.on("close", (code, signal) => resolve(code ?? (signal ? 128 : 1)));
  });
  return { child, exited, stderr: () => stderr };
}

const firstError = (stderr: string) => stderr.split("\n").find((line) => /ERROR|FATAL|could not/.test(line));

/** Streams `sql` into psql's stdin and waits for it; a cut stream kills psql before it can COMMIT. */
async function finish(
  psql: ReturnType<typeof startPsql>,
  sql: AsyncIterable<Buffer | string>,
  signal?: AbortSignal,
): Promise<void> {
  const kill = () => psql.child.kill("SIGKILL");
  signal?.addEventListener("abort", kill, { once: true });
  let streamError: Error | null = null;
  try {
    await pipeline(Readable.from(sql), psql.child.stdin).catch((error: Error) => {
      streamError = error;
      kill(); // never let psql reach the end of a cut stream
    });
    const code = await psql.exited;
    if (signal?.aborted)
      throw new Error(
        `restore stopped and rolled back, nothing changed: ${String(signal.reason?.message ?? signal.reason)}`,
      );
    if (code !== 0 || streamError) {
      const reason = firstError(psql.stderr()) ?? (streamError as Error | null)?.message ?? `psql exited with ${code}`;
      throw new Error(`restore failed and was rolled back, nothing changed: ${maskSecrets(reason.trim())}`);
    }
  } finally {
    signal?.removeEventListener("abort", kill);
  }
}

async function* wrapped(
  before: string,
  sql: AsyncIterable<Buffer | string>,
  after = "",
): AsyncGenerator<Buffer | string> {
  yield before;
  for await (const chunk of sql) yield chunk;
  yield `\n${after}\nCOMMIT;\n`;
}

/** Replays a backup into a new, empty database (the restore drill), all or nothing. */
export async function replayBackup(
  databaseUrl: string,
  file: string,
  roles: string[] | null,
  onBytes?: (bytes: number) => void,
): Promise<ReplayResult> {
  const notRestored: Unrestorable[] = [];
  const sql = await filterPrivileges(databaseUrl, sqlStream(file, onBytes), roles, notRestored);
  const psql = startPsql(databaseUrl);
  psql.child.stdout.resume();
  await finish(psql, wrapped("BEGIN;\n", sql));
  return { notRestored };
}

/** Every table in the database's own schemas, quoted, for LOCK TABLE. */
function userTables(databaseUrl: string): Promise<string[]> {
  return withPgClient(
    databaseUrl,
    async (client) => {
      const { rows } = await client.query<{ name: string }>(
        `SELECT format('%I.%I', n.nspname, c.relname) AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
          WHERE c.relkind IN ('r', 'p') AND NOT c.relispartition AND ${USER_SCHEMAS} ORDER BY 1`,
      );
      return rows.map((r) => r.name);
    },
    "legendai-restore",
  );
}

/**
 * Step 1 of a restore over a live database: opens the restore's transaction,
 * holds every table against writes, and exports the snapshot the safety
 * backup must be taken from. `replay` then finishes the restore; `abort`
 * rolls it back.
 */
export async function beginRestore(databaseUrl: string, signal?: AbortSignal) {
  const tables = await userTables(databaseUrl);
  const psql = startPsql(databaseUrl);
  const snapshot = new Promise<string>((resolve, reject) => {
    let pending = "";
    psql.child.stdout.on("data", (chunk: Buffer) => {
      pending += chunk.toString();
      const line = pending.split("\n").find((l) => l.startsWith(SNAPSHOT_MARK));
      if (line) resolve(line.slice(SNAPSHOT_MARK.length).trim());
      pending = pending.slice(-200);
    });
    void psql.exited.then((code) =>
      reject(
        new Error(
          `could not hold the tables for the restore: ${maskSecrets(firstError(psql.stderr()) ?? `psql exited with ${code}`)}`,
        ),
      ),
    );
  });
  psql.child.stdin.write(
    [
      "BEGIN ISOLATION LEVEL REPEATABLE READ;",
      // A long transaction holding a table makes the restore fail clearly rather than wait for ever.
      `SET LOCAL lock_timeout = '${LOCK_WAIT_S}s';`,
      ...(tables.length ? [`LOCK TABLE ${tables.join(", ")} IN EXCLUSIVE MODE;`] : []),
      "SET LOCAL lock_timeout = 0;",
      // The replay rebuilds every index: give the sorts room (this transaction only; builds run one at a time).
      `SET LOCAL maintenance_work_mem = '${REPLAY_MAINTENANCE_WORK_MEM}';`,
      `SELECT '${SNAPSHOT_MARK}' || pg_export_snapshot();`,
      "",
    ].join("\n"),
  );
  const abort = () => psql.child.kill("SIGKILL");
  signal?.addEventListener("abort", abort, { once: true });
  let heldSince: number;
  try {
    const id = await snapshot;
    heldSince = performance.now();
    return {
      snapshot: id,
      /**
       * Sets the schemas aside under `asideStamp` (or, with null, drops them),
       * replays `file`, runs `afterSql` and commits; reports what could not be
       * given back and how long writes were held.
       */
      async replay(
        file: string,
        options: {
          roles: string[] | null;
          asideStamp: string | null;
          afterSql?: string;
          onBytes?: (bytes: number) => void;
        },
      ): Promise<ReplayResult & { writesHeldMs: number }> {
        const notRestored: Unrestorable[] = [];
        const sql = await filterPrivileges(databaseUrl, sqlStream(file, options.onBytes), options.roles, notRestored);
        const reset = options.asideStamp ? setAsideSql(options.asideStamp) : RESET_SQL;
        await finish(psql, wrapped(reset, sql, options.afterSql), signal);
        signal?.removeEventListener("abort", abort);
        return { notRestored, writesHeldMs: Math.round(performance.now() - heldSince) };
      },
      abort: async () => {
        abort();
        await psql.exited;
        signal?.removeEventListener("abort", abort);
      },
    };
  } catch (error) {
    abort();
    signal?.removeEventListener("abort", abort);
    throw error;
  }
}
