// Bring back one table (or some of its rows) as it was at a second in the
// recoverable window: the backup restored into a scratch cluster and
// recovered to that second, the rows copied into the live database as
// recovered.<table>_<yyyymmdd_hhmmss> (live rows are never touched), and a
// comparison by primary key. Inserting the missing rows is a separate,
// confirmed step (insertMissing). One operation at a time with backups and
// restores; the scratch cluster is always removed.
import { z } from "zod";
import { openPgClient } from "@/lib/db/pg-client";
import { directDatabaseUrl } from "@/lib/env";
import { UserFacingError } from "@/lib/errors";
import type { JobRecorder } from "@/lib/ops/job-recorder";
import { defineOperation, type Started } from "@/lib/ops/operation";
import { utcDateInput } from "@/lib/validation";
import { checkScratchSpace, liveDatabaseName, removeLeftoverScratch, startScratch } from "@/lib/pitr/scratch";
import { sealArchive } from "@/lib/pitr/seal";
import { backupBefore, requireInWindow } from "@/lib/pitr/window";
import {
  compareWithLive,
  copyIntoLive,
  countMatching,
  keyCopy,
  RECOVERED_SCHEMA,
  tableShape,
  type Comparison,
} from "@/lib/pitr/table-copy";

export const recoverTableInput = z.object({
  table: z
    .string()
    .trim()
    .regex(/^[a-z_][a-z0-9_]{0,62}$/, "a table name of the public schema (lower case, digits, _)"),
  at: utcDateInput,
  where: z
    .string()
    .trim()
    .max(2000, "at most 2000 characters")
    .transform((w) => w || null)
    .nullable()
    .optional()
    .transform((w) => w ?? null),
});
export type RecoverTableInput = z.output<typeof recoverTableInput>;

export type RecoverTableResult = {
  table: string;
  at: string;
  where: string | null;
  recovered: string;
  rows: number;
  primaryKey: string[];
  comparison: Comparison;
  durationMs: number;
};

const stamp = (at: Date) => at.toISOString().slice(0, 19).replace(/[-:]/g, "").replace("T", "_");

export async function recoverTableWork(job: JobRecorder, input: RecoverTableInput): Promise<RecoverTableResult> {
  const started = performance.now();
  job.phase("preparing");
  // Sealing waits on the archiver: the leftovers of a killed run go meanwhile.
  const [sealed, left] = await Promise.all([sealArchive(), removeLeftoverScratch()]);
  if (!sealed) job.log("the archiver is behind: the latest writes may not be recoverable yet");
  await requireInWindow(input.at);
  if (left.length) job.log(`removed ${left.length} scratch cluster(s) an interrupted run left`);
  const backup = await backupBefore(input.at);
  await checkScratchSpace(backup);
  job.log(`restoring backup ${backup.label} (${backup.type}) and recovering to ${input.at.toISOString()}`);
  job.phase("restoring", 1000, { unit: "permille" });
  const scratch = await startScratch(
    liveDatabaseName(),
    { type: "time", at: input.at, set: backup.label },
    {
      signal: job.signal,
      onRestored: (fraction) => job.progress(Math.round(fraction * 1000)),
      onRecovering: () => job.phase("recovering"),
    },
  );
  try {
    const client = await openPgClient(scratch.url(liveDatabaseName()), "legendai-pitr");
    try {
      const shape = await tableShape(client, "public", input.table);
      if (!shape) throw new UserFacingError(`there was no table public.${input.table} at ${input.at.toISOString()}`);
      const total = await countMatching(client, input.table, input.where);
      job.log(`copying ${total} row(s) into the ${RECOVERED_SCHEMA} schema`);
      job.phase("copying", total, { unit: "rows" });
      const recovered = await copyIntoLive({
        scratch: client,
        liveUrl: directDatabaseUrl(),
        table: input.table,
        recoveredName: `${input.table}_${stamp(input.at)}`,
        shape,
        where: input.where,
        note: `public.${input.table} as it was at ${input.at.toISOString()}${input.where ? ` where ${input.where}` : ""}, recovered by LegendAI Admin (job ${job.id})`,
        onRows: (rows) => job.progress(rows),
      });
      job.phase("indexing");
      await keyCopy(directDatabaseUrl(), recovered, shape);
      job.phase("comparing");
      const comparison = await compareWithLive({
        liveUrl: directDatabaseUrl(),
        table: input.table,
        recoveredName: recovered,
        shape,
        where: input.where,
      });
      return {
        table: input.table,
        at: input.at.toISOString(),
        where: input.where,
        recovered: `${RECOVERED_SCHEMA}.${recovered}`,
        rows: total,
        primaryKey: shape.primaryKey,
        comparison,
        durationMs: Math.round(performance.now() - started),
      };
    } finally {
      await client.end().catch(() => {});
    }
  } finally {
    job.phase("cleaning-up");
    await scratch.remove();
  }
}

export const describeComparison = (r: RecoverTableResult) =>
  r.comparison
    ? `${r.comparison.onlyRecovered} only in the recovered copy (gone from live), ${r.comparison.onlyLive} only in live, ${r.comparison.changed} changed since, ${r.comparison.same} the same`
    : "no primary key: rows cannot be matched with live";

const RECOVER_TABLE = defineOperation<RecoverTableResult>({
  kind: "pitr-recover-table",
  label: "Table recovery",
  summarise: (r) => `${r.rows} row(s) of ${r.table} as at ${r.at} are in ${r.recovered}: ${describeComparison(r)}.`,
});

export function startRecoverTable(actor: string, input: RecoverTableInput): Promise<Started<RecoverTableResult>> {
  return RECOVER_TABLE.start(actor, (job) => recoverTableWork(job, input));
}
