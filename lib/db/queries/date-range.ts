// The since/until pair every history filter takes.
import { z } from "zod";

export const dateRangeFields = { since: z.coerce.date().optional(), until: z.coerce.date().optional() };

/** For .superRefine: since must come before until. */
export function sinceBeforeUntil(p: { since?: Date; until?: Date }, ctx: z.RefinementCtx): void {
  if (p.since && p.until && p.since >= p.until)
    ctx.addIssue({ code: "custom", message: "since must be before until", path: ["since"] });
}
