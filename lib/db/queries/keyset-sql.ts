// A keyset page as SQL: the WHERE condition, ORDER BY and LIMIT for lists read
// through the SQL module (lib/db/sql.ts).
import type { SqlParams } from "@/lib/db/sql";
import {
  flip,
  keysetBounds,
  keysetStart,
  type Bound,
  type KeysetOrder,
  type KeysetRequest,
} from "@/lib/db/queries/cursor";

const OPERATORS: Record<Bound["op"], string> = { lt: "<", lte: "<=", gt: ">", gte: ">=", eq: "=" };

/**
 * `columns` maps each order field to its column. The condition is "TRUE" on
 * the first page; values are added to `params`.
 */
export function keysetSql(
  order: KeysetOrder,
  request: KeysetRequest,
  limit: number,
  columns: Record<string, string>,
  params: SqlParams,
) {
  const { reverse, values } = keysetStart(order, request);
  const compare = (b: Bound) => `${columns[b.field]} ${OPERATORS[b.op]} ${params.add(b.value)}`;
  const bounds = values ? keysetBounds(order, values, reverse) : null;
  return {
    where: bounds
      ? `${bounds.first.map(compare).join(" AND ")} AND (${bounds.branches.map((b) => `(${b.map(compare).join(" AND ")})`).join(" OR ")})`
      : "TRUE",
    orderBy: order
      .map((key) => `${columns[key.field]} ${(reverse ? flip(key.direction) : key.direction).toUpperCase()}`)
      .join(", "),
    limit: params.add(limit + 1),
  };
}
