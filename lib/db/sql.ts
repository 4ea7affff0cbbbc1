// Raw SQL, one way in: the statements Prisma cannot express (keyset lists over
// an index, bulk writes, conditional upserts, the statistics views) go through
// sql(). Each statement has a label, for the logs and the latency metrics,
// named "Model.operation" as Prisma names its queries (PatternScan.findMany),
// so that both roads read alike on a chart or a Prometheus label; it is sent
// unnamed (a named, prepared statement breaks behind PgBouncer in
// transaction mode); it is bounded by DB_STATEMENT_TIMEOUT; its rows are typed
// by the caller.
import type pg from "pg";
import { pool } from "@/lib/db/client";
import { statementDeadlineMs, withDeadline } from "@/lib/db/errors";
import { observeQuery, withQueryLabel } from "@/lib/db/observe";
import { env } from "@/lib/env";
import { logger } from "@/lib/log/logger";

/** What runs a statement: the pool (the default), a pooled client, or a dedicated connection. */
export type SqlTarget = { query: (config: pg.QueryConfig) => Promise<pg.QueryResult> };

const log = logger("sql");

async function execute(label: string, text: string, params: unknown[], target?: SqlTarget): Promise<pg.QueryResult> {
  const started = performance.now();
  try {
    return await withDeadline(
      withQueryLabel(label, () => (target ?? pool()).query({ text, values: params })),
      statementDeadlineMs(env().DB_STATEMENT_TIMEOUT),
    );
  } finally {
    const ms = performance.now() - started;
    observeQuery(label, ms);
    if (env().DEBUG) log.debug(`${ms.toFixed(1)}ms ${label}: ${text.replace(/\s+/g, " ").trim()}`);
  }
}

/** The rows of one statement, typed as `T`. */
export async function sql<T>(label: string, text: string, params: unknown[] = [], target?: SqlTarget): Promise<T[]> {
  return (await execute(label, text, params, target)).rows as T[];
}

/** For writes: how many rows the statement touched. */
export async function sqlCount(
  label: string,
  text: string,
  params: unknown[] = [],
  target?: SqlTarget,
): Promise<number> {
  return (await execute(label, text, params, target)).rowCount ?? 0;
}

/** Collects a statement's parameter values and hands out their placeholders ($1, $2, …). */
export class SqlParams {
  readonly values: unknown[] = [];

  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}
