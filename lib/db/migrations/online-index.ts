// Index migrations applied online. A migration (or down.sql) made only of
// CREATE INDEX / DROP INDEX statements is run one statement at a time, each
// CONCURRENTLY and IF [NOT] EXISTS, outside a transaction: writers are never
// blocked for the length of a build. (Prisma's own deploy would run the same
// file as written; the indexes it creates are the same.) A lock that cannot be
// had within LOCK_TIMEOUT is retried; a build that fails leaves an INVALID
// index behind, which is dropped so that the next run starts clean.
import type pg from "pg";
import { quoteIdent } from "@/lib/db/identifiers";

const LOCK_TIMEOUT = "5s";
const RETRIES = 5;
const PROGRESS_EVERY_MS = 1_000;
/** Transactions open longer than this make a concurrent build wait for them: they are named first. */
const LONG_TRANSACTION_S = 30;

const INDEX_STATEMENT = /^(CREATE\s+(UNIQUE\s+)?INDEX|DROP\s+INDEX)\b/i;

/** The file's statements, comments removed. */
export function statementsOf(sql: string): string[] {
  return sql
    .replace(/--[^\n]*/g, "")
    .split(";")
    .map((s) => s.trim())
    .filter(Boolean);
}

/** True when every statement is CREATE INDEX or DROP INDEX: such a migration is applied online. */
export function isIndexOnly(sql: string): boolean {
  const statements = statementsOf(sql);
  return statements.length > 0 && statements.every((s) => INDEX_STATEMENT.test(s));
}

/** The statement as it is run online: CONCURRENTLY, and IF [NOT] EXISTS so that a rerun skips what exists. */
export function onlineForm(statement: string): string {
  if (/^DROP\s+INDEX/i.test(statement)) {
    return statement.replace(
      /^DROP\s+INDEX\s+(CONCURRENTLY\s+)?(IF\s+EXISTS\s+)?/i,
      "DROP INDEX CONCURRENTLY IF EXISTS ",
    );
  }
  return statement.replace(
    /^CREATE\s+(UNIQUE\s+)?INDEX\s+(CONCURRENTLY\s+)?(IF\s+NOT\s+EXISTS\s+)?/i,
    (_m, unique: string | undefined) => `CREATE ${unique ? "UNIQUE " : ""}INDEX CONCURRENTLY IF NOT EXISTS `,
  );
}

/** The index a CREATE INDEX statement builds ("name" or name). */
export function indexNameOf(statement: string): string | null {
  const match = /INDEX\s+(?:CONCURRENTLY\s+)?(?:IF\s+NOT\s+EXISTS\s+)?("(?:[^"]|"")+"|[\w$]+)\s+ON\b/i.exec(statement);
  return match ? match[1].replace(/^"|"$/g, "").replace(/""/g, '"') : null;
}

/** Every index left INVALID by a failed concurrent build, in the public schema. */
export async function invalidIndexes(client: pg.ClientBase): Promise<string[]> {
  const { rows } = await client.query<{ name: string }>(
    `SELECT c.relname AS name FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
       JOIN pg_namespace n ON n.oid = c.relnamespace WHERE NOT i.indisvalid AND n.nspname = 'public'`,
  );
  return rows.map((r) => r.name);
}

async function warnAboutLongTransactions(client: pg.ClientBase, say: (line: string) => void): Promise<void> {
  const { rows } = await client.query<{ pid: number; age: number; app: string; query: string }>(
    `SELECT pid, extract(epoch FROM now() - xact_start)::int AS age, application_name AS app, left(query, 80) AS query
       FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()
        AND xact_start < now() - make_interval(secs => $1) ORDER BY xact_start`,
    [LONG_TRANSACTION_S],
  );
  for (const r of rows) {
    say(
      `warning: transaction open ${r.age} s (pid ${r.pid}, ${r.app || "no application name"}: ${r.query}); the index build waits for it to end`,
    );
  }
}

/** An index build running now on this database, from pg_stat_progress_create_index. */
export type IndexBuild = { index: string; phase: string; percent: number | null };

export async function readIndexBuilds(client: pg.ClientBase): Promise<IndexBuild[]> {
  const { rows } = await client.query<{ index: string | null; phase: string; done: string; total: string }>(
    `SELECT c.relname AS index, p.phase, coalesce(nullif(p.blocks_total, 0), p.tuples_total)::text AS total,
            (CASE WHEN p.blocks_total > 0 THEN p.blocks_done ELSE p.tuples_done END)::text AS done
       FROM pg_stat_progress_create_index p LEFT JOIN pg_class c ON c.oid = p.index_relid
      WHERE p.datid = (SELECT oid FROM pg_database WHERE datname = current_database())`,
  );
  return rows.map((r) => ({
    index: r.index ?? "(new index)",
    phase: r.phase,
    percent: Number(r.total) > 0 ? Math.round((Number(r.done) / Number(r.total)) * 100) : null,
  }));
}

/** Reports the builds on this database every second until stopped. */
function watchProgress(progress: pg.ClientBase, say: (line: string) => void): () => void {
  let stopped = false;
  const tick = async () => {
    while (!stopped) {
      await new Promise((resolve) => setTimeout(resolve, PROGRESS_EVERY_MS));
      if (stopped) break;
      for (const b of await readIndexBuilds(progress).catch(() => [])) {
        say(`  ${b.index}: ${b.phase}${b.percent === null ? "" : ` ${b.percent}%`}`);
      }
    }
  };
  void tick();
  return () => {
    stopped = true;
  };
}

const isLockTimeout = (error: unknown) => (error as { code?: string }).code === "55P03";

/**
 * Runs an index-only migration online on `client` (not in a transaction).
 * `progress` is a second connection for the progress reports. On failure the
 * INVALID index it left is dropped and the error rethrown.
 */
export async function applyOnline(
  client: pg.Client,
  progress: pg.ClientBase,
  sql: string,
  say: (line: string) => void,
): Promise<void> {
  await warnAboutLongTransactions(client, say);
  await client.query(`SET lock_timeout = '${LOCK_TIMEOUT}'`);
  try {
    for (const statement of statementsOf(sql).map(onlineForm)) {
      const stop = watchProgress(progress, say);
      try {
        for (let attempt = 1; ; attempt++) {
          try {
            await client.query(statement);
            break;
          } catch (error) {
            if (!isLockTimeout(error) || attempt >= RETRIES) throw error;
            say(`  could not take the lock within ${LOCK_TIMEOUT} (attempt ${attempt} of ${RETRIES}); trying again`);
            await new Promise((resolve) => setTimeout(resolve, attempt * 1_000));
          }
        }
      } catch (error) {
        const name = indexNameOf(statement);
        if (name && (await invalidIndexes(client)).includes(name)) {
          await client.query(`DROP INDEX CONCURRENTLY IF EXISTS ${quoteIdent(name)}`);
          say(`  dropped the half-built index ${name}: a rerun starts clean`);
        }
        throw error;
      } finally {
        stop();
      }
    }
  } finally {
    await client.query("RESET lock_timeout").catch(() => {});
  }
}
