// A keyset page as Prisma's where/orderBy/take (lists read through Prisma).
import {
  flip,
  keysetBounds,
  keysetStart,
  type Bound,
  type KeysetOrder,
  type KeysetRequest,
} from "@/lib/db/queries/cursor";

const condition = (b: Bound) => ({ [b.field]: b.op === "eq" ? b.value : { [b.op]: b.value } });

/** The Prisma `where`/`orderBy` additions for one page of `limit` rows (one extra to know if more exist). */
export function keysetQuery(order: KeysetOrder, request: KeysetRequest, limit: number) {
  const { reverse, values } = keysetStart(order, request);
  const bounds = values ? keysetBounds(order, values, reverse) : null;
  return {
    where: bounds
      ? { AND: [...bounds.first.map(condition), { OR: bounds.branches.map((b) => ({ AND: b.map(condition) })) }] }
      : {},
    orderBy: order.map((key) => ({ [key.field]: reverse ? flip(key.direction) : key.direction })),
    take: limit + 1,
  };
}
