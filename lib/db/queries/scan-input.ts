// What a pattern scan must look like before it is written (the scanner's
// uploads and the seed both go through this).
import { z } from "zod";
import { InvalidInputError } from "@/lib/errors";
import { dateInput, detailsInput, patternTypeSchema, storedTicker } from "@/lib/validation";

export const scanInputSchema = z.object({
  ticker: storedTicker,
  patternType: patternTypeSchema,
  score: z.number().min(0).max(10),
  pivotPrice: z.number().positive().nullish(),
  entryPrice: z.number().positive().nullish(),
  details: detailsInput.nullish(),
  scannedAt: dateInput.optional(),
});

export type ScanInput = z.input<typeof scanInputSchema>;
export type ValidScan = z.output<typeof scanInputSchema>;

/** One bad row rejects the batch; the answer names the row and its field (`scans[3].score`). */
export class BatchValidationError extends InvalidInputError {
  constructor(
    readonly index: number,
    readonly field: string,
    readonly reason: string,
  ) {
    super(`row ${index}: ${field ? `${field}: ` : ""}${reason}; nothing was written`, field);
    this.name = "BatchValidationError";
  }

  body(): Record<string, unknown> {
    return {
      error: this.message,
      field: `scans[${this.index}]${this.field ? `.${this.field}` : ""}`,
      index: this.index,
    };
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
