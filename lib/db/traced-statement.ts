// A span per statement the pool sends, named like "SELECT legendai": the
// statement's text with its literals masked (never its parameters), the query
// family that sent it, and where it went.
import { traced, tracingOn } from "@/lib/tracing/spans";
import { operationOf, statementForTrace } from "@/lib/tracing/statement";
import { currentQueryLabel } from "@/lib/db/observe";

export type StatementTarget = { database: string; host: string; port: number };

export function targetOf(connectionString: string): StatementTarget {
  try {
    const url = new URL(connectionString);
    return { database: url.pathname.slice(1) || "postgres", host: url.hostname, port: Number(url.port || 5432) };
  } catch {
    return { database: "postgres", host: "unknown", port: 5432 };
  }
}

export function tracedStatement<T>(text: string, target: StatementTarget, run: () => Promise<T>): Promise<T> {
  if (!tracingOn()) return run(); // the masking below is not done for nothing
  const label = currentQueryLabel();
  const operation = operationOf(text);
  return traced(
    `${operation} ${target.database}`,
    {
      "db.system.name": "postgresql",
      "db.namespace": target.database,
      "db.operation.name": operation,
      "db.query.text": statementForTrace(text),
      "server.address": target.host,
      "server.port": target.port,
      ...(label ? { "legendai.query.family": label } : {}),
    },
    run,
    { inTraceOnly: true },
  );
}
