// The since/until pair every history filter takes.
import type { z } from "zod";
import { dateInput } from "@/lib/validation";

export const dateRangeFields = { since: dateInput.optional(), until: dateInput.optional() };

/** For .superRefine: since must come before until. */
export function sinceBeforeUntil(p: { since?: Date; until?: Date }, ctx: z.RefinementCtx): void {
  if (p.since && p.until && p.since >= p.until)
    ctx.addIssue({ code: "custom", message: "since must be before until", path: ["since"] });
}
