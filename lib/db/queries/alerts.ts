// Alert logs: by user, type and date range, newest first, keyset paginated.
import { z } from "zod";
import { cachedRead } from "@/lib/db/cache";
import { dateRangeFields, sinceBeforeUntil } from "@/lib/db/queries/date-range";
import { checkCursors, COUNT_CAP, keysetFields, keysetPage, type KeysetOrder } from "@/lib/db/queries/cursor";
import { keysetQuery } from "@/lib/db/queries/keyset-prisma";
import { alertTypeSchema, idSchema, tickerInput } from "@/lib/validation";

const alertFilterFields = {
  /** Omitted: every user's alerts (admins and operators). */
  userId: idSchema.optional(),
  alertType: alertTypeSchema.optional(),
  /** One ticker's alerts (served by ix_alert_logs_ticker_sent_at). */
  ticker: tickerInput.optional(),
  ...dateRangeFields,
};

type AlertFilters = { userId?: number; alertType?: string; ticker?: string; since?: Date; until?: Date };

const ALERT_ORDER = [
  { field: "alertSentAt", direction: "desc", type: "date" },
  { field: "id", direction: "desc", type: "number" },
] as const satisfies KeysetOrder;

export const ALERT_PAGE_SIZE = 50;

export const alertParams = z
  .object({
    ...alertFilterFields,
    limit: z.coerce.number().int().min(1).max(500).default(ALERT_PAGE_SIZE),
    ...keysetFields,
  })
  .superRefine((p, ctx) => {
    sinceBeforeUntil(p, ctx);
    checkCursors(p, ctx, ALERT_ORDER);
  });

export type AlertParams = z.input<typeof alertParams>;

const tagsFor = (userId: number | undefined) => (userId ? [`alerts:user:${userId}`, "alerts"] : ["alerts"]);
const filterWhere = (f: AlertFilters) => ({
  userId: f.userId,
  alertType: f.alertType,
  ticker: f.ticker,
  alertSentAt: { gte: f.since, lt: f.until },
});

/** Alerts newest first, one keyset page, with each alert's recipient. */
export async function getAlerts(input: AlertParams = {}) {
  const params = alertParams.parse(input);
  // Alerts are written by the alerting job, not by whoever reads them: any replica in rotation may serve them.
  const query = { name: "getAlerts", params, kind: "alerts" as const, tags: tagsFor(params.userId) };
  return cachedRead(query, null, async ({ prisma: db }) => {
    const keyset = keysetQuery(ALERT_ORDER, params, params.limit);
    const rows = await db.alertLog.findMany({
      where: { ...filterWhere(params), ...keyset.where },
      orderBy: keyset.orderBy,
      take: keyset.take,
      select: {
        id: true,
        userId: true,
        ticker: true,
        alertType: true,
        channel: true,
        message: true,
        alertSentAt: true,
        user: { select: { email: true } },
      },
    });
    return keysetPage(rows, params.limit, ALERT_ORDER, params);
  });
}

/** How many alerts match the filters, counted up to COUNT_CAP. */
export async function countAlerts(input: AlertParams = {}) {
  const { userId, alertType, ticker, since, until } = alertParams.parse(input);
  const filters = { userId, alertType, ticker, since, until };
  return cachedRead(
    { name: "countAlerts", params: filters, kind: "alerts", tags: tagsFor(userId) },
    null,
    ({ prisma: db }) => db.alertLog.count({ where: filterWhere(filters), take: COUNT_CAP + 1 }),
  );
}
