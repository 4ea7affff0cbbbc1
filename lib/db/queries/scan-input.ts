// What a pattern scan must look like before it is written (the scanner's
// uploads and the seed both go through this).
import { z } from "zod";

export const PATTERN_TYPES = ["VCP", "CUP_WITH_HANDLE", "FLAT_BASE", "DOUBLE_BOTTOM", "ASCENDING_BASE", "HIGH_TIGHT_FLAG"] as const;

export const scanInputSchema = z.object({
  ticker: z.string().regex(/^[A-Z][A-Z0-9.-]{0,15}$/, "ticker must be 1-16 upper-case letters, digits, '.' or '-'"),
  patternType: z.string().regex(/^[A-Z][A-Z0-9_]{1,31}$/, "patternType must be an upper-case name such as VCP"),
  score: z.number().min(0).max(10),
  pivotPrice: z.number().positive().nullish(),
  entryPrice: z.number().positive().nullish(),
  details: z.record(z.string(), z.unknown()).nullish(),
  scannedAt: z.coerce.date().optional(),
});

export type ScanInput = z.input<typeof scanInputSchema>;
export type ValidScan = z.output<typeof scanInputSchema>;

export class BatchValidationError extends Error {
  constructor(readonly index: number, readonly field: string, readonly reason: string) {
    super(`row ${index}: ${field ? `${field}: ` : ""}${reason}; nothing was written`);
    this.name = "BatchValidationError";
  }
}

/** Validates every row first: the first bad row rejects the whole batch. */
export function validateScans(rows: unknown[]): ValidScan[] {
  return rows.map((row, index) => {
    const result = scanInputSchema.safeParse(row);
    if (result.success) return result.data;
    const issue = result.error.issues[0];
    throw new BatchValidationError(index, issue.path.join("."), issue.message);
  });
}
