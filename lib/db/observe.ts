// Who is told how long each query took: Prisma's queries (by model and
// operation) and the SQL module's statements (by label) alike. lib/monitoring
// subscribes to feed the charts and Prometheus, and, through the statements
// the pool sends (text, values and the label of the query that sent them), to
// capture the plans of the app's own queries.
import { AsyncLocalStorage } from "node:async_hooks";

export type QueryListener = (name: string, ms: number) => void;
/** `label` is null when the statement was sent outside a labelled call (Prisma's engine may send it from its own queue). */
export type StatementListener = (statement: {
  label: string | null;
  text: string;
  values: unknown[];
  ms: number;
}) => void;

const store = globalThis as typeof globalThis & {
  __legendaiQueryListeners?: QueryListener[];
  __legendaiStatementListeners?: StatementListener[];
  __legendaiQueryLabel?: AsyncLocalStorage<string>;
};
const listeners = () => (store.__legendaiQueryListeners ??= []);
const statementListeners = () => (store.__legendaiStatementListeners ??= []);
const labels = () => (store.__legendaiQueryLabel ??= new AsyncLocalStorage<string>());

/** Subscribes to every query's latency. */
export function onQuery(listener: QueryListener): void {
  listeners().push(listener);
}

export function observeQuery(name: string, ms: number): void {
  for (const listener of listeners()) listener(name, ms);
}

/** Runs `run` with `label` (Model.operation) as the name of the statements it sends. */
export const withQueryLabel = <T>(label: string, run: () => Promise<T>): Promise<T> => labels().run(label, run);

/** The Model.operation (or SQL label) the current statement is sent for, if any. */
export const currentQueryLabel = (): string | null => labels().getStore() ?? null;

/** Subscribes to every statement that completed, with the label of the query that sent it. */
export function onStatement(listener: StatementListener): void {
  statementListeners().push(listener);
}

/** Called by the pool for each statement that succeeded. */
export function observeStatement(text: string, values: unknown[] | undefined, ms: number): void {
  if (statementListeners().length === 0) return;
  const label = currentQueryLabel();
  for (const listener of statementListeners()) listener({ label, text, values: values ?? [], ms });
}
