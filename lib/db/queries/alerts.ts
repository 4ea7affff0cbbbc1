// Alert logs: by user, type and date range, newest first, cursor paginated.
import { z } from "zod";
import { cached } from "@/lib/db/cache";
import { prisma } from "@/lib/db/client";
import { afterCursor, cursorField, decodeCursor, page } from "@/lib/db/queries/cursor";

export const alertParams = z
  .object({
    /** Omitted: every user's alerts (admins and operators). */
    userId: z.coerce.number().int().positive().optional(),
    alertType: z.string().regex(/^[A-Z][A-Z0-9_]{1,31}$/, "an upper-case alert type such as PIVOT_BREAKOUT").optional(),
    since: z.coerce.date().optional(),
    until: z.coerce.date().optional(),
    limit: z.coerce.number().int().min(1).max(500).default(50),
    cursor: cursorField.optional(),
  })
  .refine((p) => !p.since || !p.until || p.since < p.until, { message: "since must be before until", path: ["since"] });

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
