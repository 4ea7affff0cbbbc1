// EXPLAIN (ANALYZE, BUFFERS) on demand, for admins: of a captured query
// family or of a pg_stat_statements entry, chosen by id (never free SQL),
// with parameter values the admin supplies. It runs inside a transaction that
// is always rolled back (read-only for a read), under a statement timeout, so
// a write statement's effects never land.
import { withPoolClient } from "@/lib/db/pg-client";
import { sql } from "@/lib/db/sql";
import { UserFacingError } from "@/lib/errors";
import { statementsAvailable } from "@/lib/monitoring/snapshots";
import type { PlanNode } from "@/lib/db/queries/plan-shape";

export const ANALYZE_TIMEOUT_MS = 10_000;
const EXPLAINABLE = /^\s*(SELECT|WITH|INSERT|UPDATE|DELETE|VALUES)\b/i;
const READ = /^\s*(SELECT|WITH|VALUES)\b/i;

export type AnalyzeTarget = { kind: "family"; family: string } | { kind: "statement"; queryid: string };

export class NotExplainable extends UserFacingError {}

/** Bad values, a type mismatch, the timeout: the admin reads Postgres's own words. */
const asAnswer = (error: unknown) => {
  const code = (error as { code?: string }).code ?? "";
  return /^(22|42)|^57014$/.test(code) ? new NotExplainable(`Postgres: ${(error as Error).message}`) : error;
};

/** The statement's text: a family's captured query or a pg_stat_statements entry of this database. */
export async function targetText(target: AnalyzeTarget): Promise<string> {
  const rows =
    target.kind === "family"
      ? await sql<{ query: string }>(
          "QueryPlan.text",
          `SELECT query FROM query_plans WHERE family = $1 ORDER BY last_seen DESC LIMIT 1`,
          [target.family],
        )
      : await sql<{ query: string }>(
          "Statements.text",
          `SELECT query FROM pg_stat_statements
            WHERE queryid = $1::bigint AND dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
            LIMIT 1`,
          [target.queryid],
        );
  if (!rows[0]) throw new NotExplainable("that statement is no longer recorded: refresh the page");
  return rows[0].query;
}

/** How many parameters ($1…$n) a statement takes. */
export const parameterCount = (text: string) => Math.max(0, ...[...text.matchAll(/\$(\d+)/g)].map((m) => Number(m[1])));

export type AnalyzeResult = { sql: string; plan: PlanNode; planningMs: number; executionMs: number; readOnly: boolean };

export async function explainAnalyze(target: AnalyzeTarget, params: string[]): Promise<AnalyzeResult> {
  const text = await targetText(target);
  if (!EXPLAINABLE.test(text))
    throw new NotExplainable("only SELECT, INSERT, UPDATE and DELETE statements can be explained");
  const needed = parameterCount(text);
  if (params.length !== needed)
    throw new NotExplainable(`the statement takes ${needed} parameter(s); ${params.length} given`);
  const readOnly = READ.test(text);
  return withPoolClient(async (client) => {
    await sql("QueryPlan.analyze", readOnly ? "BEGIN READ ONLY" : "BEGIN", [], client);
    try {
      await sql("QueryPlan.analyze", `SET LOCAL statement_timeout = ${ANALYZE_TIMEOUT_MS}`, [], client);
      const [row] = await sql<{
        "QUERY PLAN": [{ Plan: PlanNode; "Planning Time": number; "Execution Time": number }];
      }>(
        "QueryPlan.analyze",
        `EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) ${text}`,
        params.map((p) => (p === "" ? null : p)),
        client,
      );
      const [explained] = row["QUERY PLAN"];
      return {
        sql: text,
        plan: explained.Plan,
        planningMs: explained["Planning Time"],
        executionMs: explained["Execution Time"],
        readOnly,
      };
    } catch (error) {
      throw asAnswer(error);
    } finally {
      await sql("QueryPlan.analyze", "ROLLBACK", [], client);
    }
  });
}

export type ExplainableStatement = { queryid: string; query: string; calls: number; meanMs: number };

/** The busiest pg_stat_statements entries of this database that EXPLAIN accepts (none without the extension). */
export async function explainableStatements(limit = 20): Promise<ExplainableStatement[]> {
  if (!(await statementsAvailable())) return [];
  return sql<ExplainableStatement>(
    "Statements.explainable",
    `SELECT queryid::text AS queryid, query, calls::float8 AS calls, mean_exec_time AS "meanMs"
       FROM pg_stat_statements
      WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database()) AND queryid IS NOT NULL
        AND query ~* '^\\s*(SELECT|WITH|INSERT|UPDATE|DELETE)\\M' AND query !~* 'pg_stat_|pg_catalog|EXPLAIN'
      ORDER BY total_exec_time DESC LIMIT $1`,
    [limit],
  );
}
