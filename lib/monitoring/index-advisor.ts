// The index advisor: for slow statements on one table, try hypothetical indexes
// (hypopg: the planner sees them, nothing is built) on the columns the
// statement filters and sorts by, and keep the one the planner likes best
// when it cuts the statement's cost by at least a third. Plans are the generic
// ones (plan_cache_mode = force_generic_plan), so parameters need no values.
import { withPoolClient } from "@/lib/db/pg-client";
import { quoteIdent } from "@/lib/db/identifiers";
import { HOT_QUERIES } from "@/lib/db/queries/hot-queries";
import { sql, type SqlTarget } from "@/lib/db/sql";
import { statementsAvailable } from "@/lib/monitoring/snapshots";

/** A suggestion must cut the planner's cost by at least this share. */
const MIN_IMPROVEMENT = 1 / 3;
const MAX_CANDIDATES = 12;
const SLOW_STATEMENTS = 10;

export type Suggestion = {
  source: "pg_stat_statements" | "hot query";
  query: string;
  table: string;
  columns: string[];
  costBefore: number;
  costAfter: number;
  /** The migration that builds it, and the one that undoes it. */
  up: string;
  down: string;
  /** A name for `npm run db:migration:new`. */
  migrationName: string;
};

export type AdvisorReport =
  | { available: true; suggestions: Suggestion[]; examined: number; skipped: { query: string; reason: string }[] }
  | { available: false; reason: string };

type PlanNode = { "Total Cost": number; "Index Name"?: string; Plans?: PlanNode[] };

/** The one table a statement reads (null for joins and anything else). */
export function tableOf(sql: string): string | null {
  if (/\bJOIN\b/i.test(sql) || !/^\s*SELECT\b/i.test(sql)) return null;
  const match = /\bFROM\s+(?:"?public"?\.)?"?([a-z_][a-z0-9_]*)"?(?:\s|$)/i.exec(sql);
  return match ? match[1] : null;
}

/** The table's columns that its WHERE and ORDER BY mention, in the order they appear. */
export function filteredColumns(sql: string, columns: string[]): string[] {
  const start = sql.search(/\bWHERE\b|\bORDER\s+BY\b/i);
  if (start < 0) return [];
  const tail = sql.slice(start);
  return columns
    .map((column) => ({ column, at: tail.search(new RegExp(`(?<![\\w"])"?${column}"?(?![\\w"])`)) }))
    .filter((c) => c.at >= 0)
    .sort((a, b) => a.at - b.at)
    .map((c) => c.column);
}

/** Single columns, ordered pairs, and the full list: the indexes worth asking the planner about. */
export function candidates(columns: string[]): string[][] {
  const found = new Map<string, string[]>();
  const add = (cols: string[]) => found.set(cols.join(","), cols);
  for (const a of columns) add([a]);
  for (const a of columns) for (const b of columns) if (a !== b) add([a, b]);
  if (columns.length > 2) add(columns.slice(0, 4));
  return [...found.values()].slice(0, MAX_CANDIDATES);
}

/** The planner's generic plan for `statement`: prepared afresh each time, since a prepared plan does not see new hypothetical indexes. */
async function genericCost(db: SqlTarget, statement: string): Promise<{ cost: number; indexes: string[] }> {
  const parameters = Math.max(0, ...[...statement.matchAll(/\$(\d+)/g)].map((m) => Number(m[1])));
  const args = parameters ? `(${Array(parameters).fill("NULL").join(", ")})` : "";
  await sql("IndexAdvisor.deallocate", `DEALLOCATE ALL`, [], db);
  await sql("IndexAdvisor.prepare", `PREPARE advisor_statement AS ${statement}`, [], db);
  const [row] = await sql<{ "QUERY PLAN": [{ Plan: PlanNode }] }>(
    "IndexAdvisor.explain",
    `EXPLAIN (FORMAT JSON) EXECUTE advisor_statement${args}`,
    [],
    db,
  );
  const plan = row["QUERY PLAN"][0].Plan;
  const indexes: string[] = [];
  const walk = (node: PlanNode) => {
    if (node["Index Name"]) indexes.push(node["Index Name"]);
    node.Plans?.forEach(walk);
  };
  walk(plan);
  return { cost: plan["Total Cost"], indexes };
}

/** The best hypothetical index for one statement, or why there is none. */
async function adviseOne(db: SqlTarget, statement: string): Promise<Omit<Suggestion, "source" | "query"> | string> {
  const table = tableOf(statement);
  if (!table) return "reads more than one table";
  const columns = (
    await sql<{ name: string }>(
      "IndexAdvisor.columns",
      `SELECT attname AS name FROM pg_attribute WHERE attrelid = to_regclass($1) AND attnum > 0 AND NOT attisdropped`,
      [`public.${quoteIdent(table)}`],
      db,
    )
  ).map((c) => c.name);
  const filtered = filteredColumns(statement, columns);
  if (!filtered.length) return "filters and sorts on no column";
  const before = await genericCost(db, statement);
  let best: { columns: string[]; cost: number } | null = null;
  for (const cols of candidates(filtered)) {
    const [index] = await sql<{ indexname: string }>(
      "IndexAdvisor.hypotheticalIndex",
      `SELECT indexname FROM hypopg_create_index($1)`,
      [`CREATE INDEX ON public.${quoteIdent(table)} (${cols.map(quoteIdent).join(", ")})`],
      db,
    );
    const after = await genericCost(db, statement);
    if (after.indexes.includes(index.indexname) && (!best || after.cost < best.cost))
      best = { columns: cols, cost: after.cost };
    await sql("IndexAdvisor.hypopgReset", `SELECT hypopg_reset()`, [], db);
  }
  if (!best || best.cost > before.cost * (1 - MIN_IMPROVEMENT))
    return "no index the planner would use cuts its cost by a third";
  const name = `ix_${table}_${best.columns.join("_")}`.slice(0, 63);
  return {
    table,
    columns: best.columns,
    costBefore: before.cost,
    costAfter: best.cost,
    up: `CREATE INDEX CONCURRENTLY ${quoteIdent(name)} ON ${quoteIdent(table)} (${best.columns.map(quoteIdent).join(", ")});`,
    down: `DROP INDEX CONCURRENTLY IF EXISTS ${quoteIdent(name)};`,
    migrationName: `add_${name}`.slice(0, 80),
  };
}

async function slowStatements(db: SqlTarget): Promise<{ source: Suggestion["source"]; query: string }[]> {
  const fromStats = (await statementsAvailable(db))
    ? await sql<{ query: string }>(
        "IndexAdvisor.slowStatements",
        `SELECT query FROM pg_stat_statements
          WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database()) AND query ~* '^\\s*SELECT'
          ORDER BY mean_exec_time DESC LIMIT ${SLOW_STATEMENTS}`,
        [],
        db,
      )
    : [];
  return [
    ...fromStats.map((s) => ({ source: "pg_stat_statements" as const, query: s.query })),
    ...HOT_QUERIES.map((q) => ({ source: "hot query" as const, query: q.sql })),
  ];
}

/** Runs the advisor on a connection of its own (its prepared statement and hypothetical indexes are per session). */
export async function adviseIndexes(db?: SqlTarget): Promise<AdvisorReport> {
  return db ? advise(db) : withPoolClient(advise);
}

async function advise(client: SqlTarget): Promise<AdvisorReport> {
  try {
    const [installed] = await sql<{ ok: boolean }>(
      "IndexAdvisor.hypopgInstalled",
      `SELECT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'hypopg') AS ok`,
      [],
      client,
    );
    if (!installed.ok) return { available: false, reason: "the hypopg extension is not installed in this database" };
    await sql("IndexAdvisor.genericPlans", `SET plan_cache_mode = force_generic_plan`, [], client);
    const suggestions = new Map<string, Suggestion>();
    const skipped: { query: string; reason: string }[] = [];
    const statements = await slowStatements(client);
    for (const { source, query } of statements) {
      try {
        const advice = await adviseOne(client, query);
        if (typeof advice === "string") skipped.push({ query, reason: advice });
        else if (!suggestions.has(advice.up)) suggestions.set(advice.up, { source, query, ...advice });
      } catch (error) {
        skipped.push({ query, reason: (error as Error).message });
      }
    }
    return { available: true, suggestions: [...suggestions.values()], examined: statements.length, skipped };
  } finally {
    await sql("IndexAdvisor.resetPlanCache", `RESET plan_cache_mode`, [], client).catch(() => {});
    await sql("IndexAdvisor.deallocate", `DEALLOCATE ALL`, [], client).catch(() => {});
    await sql("IndexAdvisor.hypopgReset", `SELECT hypopg_reset()`, [], client).catch(() => {});
  }
}
