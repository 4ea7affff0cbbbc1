// Alert logs: by user, type and date range, newest first, cursor paginated.
import { z } from "zod";
import { cached } from "@/lib/db/cache";
import { prisma } from "@/lib/db/client";
import { dateRangeFields, sinceBeforeUntil } from "@/lib/db/queries/date-range";
import { afterCursor, cursorField, decodeCursor, page } from "@/lib/db/queries/cursor";
import { alertTypeSchema, idSchema } from "@/lib/validation";

const alertFilterFields = {
  /** Omitted: every user's alerts (admins and operators). */
  userId: idSchema.optional(),
  alertType: alertTypeSchema.optional(),
  ...dateRangeFields,
};

export const alertParams = z
  .object({ ...alertFilterFields, limit: z.coerce.number().int().min(1).max(500).default(50), cursor: cursorField.optional() })
  .superRefine(sinceBeforeUntil);

export type AlertParams = z.input<typeof alertParams>;

export async function getAlerts(input: AlertParams = {}) {
  const params = alertParams.parse(input);
  const tags = params.userId ? [`alerts:user:${params.userId}`, "alerts"] : ["alerts"];
  return cached({ name: "getAlerts", params, kind: "alerts", tags }, async () => {
    const cursor = params.cursor ? decodeCursor(params.cursor) : null;
    const rows = await prisma().alertLog.findMany({
      where: {
        userId: params.userId,
        alertType: params.alertType,
        alertSentAt: { gte: params.since, lt: params.until },
        ...(cursor ? afterCursor("alertSentAt", cursor) : {}),
      },
      orderBy: [{ alertSentAt: "desc" }, { id: "desc" }],
      take: params.limit + 1,
      select: { id: true, userId: true, ticker: true, alertType: true, channel: true, message: true, alertSentAt: true },
    });
    return page(rows, params.limit, (r) => r.alertSentAt);
  });
}

export const ALERT_PAGE_SIZE = 50;

export const alertListParams = z
  .object({ ...alertFilterFields, page: z.coerce.number().int().min(1).max(10_000).default(1) })
  .superRefine(sinceBeforeUntil);

/** The dashboard's alert table: numbered pages and a count. */
export async function listAlerts(input: z.input<typeof alertListParams>) {
  const params = alertListParams.parse(input);
  const tags = params.userId ? [`alerts:user:${params.userId}`, "alerts"] : ["alerts"];
  return cached({ name: "listAlerts", params, kind: "alerts", tags }, async () => {
    const where = { userId: params.userId, alertType: params.alertType, alertSentAt: { gte: params.since, lt: params.until } };
    const [items, total] = await Promise.all([
      prisma().alertLog.findMany({
        where, orderBy: [{ alertSentAt: "desc" }, { id: "desc" }], skip: (params.page - 1) * ALERT_PAGE_SIZE, take: ALERT_PAGE_SIZE,
        select: { id: true, userId: true, ticker: true, alertType: true, channel: true, message: true, alertSentAt: true, user: { select: { email: true } } },
      }),
      prisma().alertLog.count({ where }),
    ]);
    return { items, total, page: params.page, pageSize: ALERT_PAGE_SIZE };
  });
}
