// The confirmed second step of a table recovery: the rows of
// recovered.<table>_<time> whose key the live table lacks are inserted into
// it. Live rows are never changed. An operation like the others (one at a
// time, audited, a job record); cached results are dropped after.
import { z } from "zod";
import { queryCache } from "@/lib/db/cache";
import { directDatabaseUrl } from "@/lib/env";
import type { JobRecorder } from "@/lib/ops/job-recorder";
import { defineOperation, type Started } from "@/lib/ops/operation";
import { insertMissingRows, RECOVERED_SCHEMA } from "@/lib/pitr/table-copy";

const RECOVERED_NAME = /^recovered\.([a-z_][a-z0-9_]*)_\d{8}_\d{6}(?:_\d+)?$/;

export const insertMissingInput = z.object({
  recovered: z
    .string()
    .trim()
    .regex(RECOVERED_NAME, `a table a recovery made: ${RECOVERED_SCHEMA}.<table>_<yyyymmdd_hhmmss>`),
});

export type InsertMissingResult = { table: string; recovered: string; inserted: number };

async function insertMissingWork(job: JobRecorder, recovered: string): Promise<InsertMissingResult> {
  const table = RECOVERED_NAME.exec(recovered)![1];
  job.phase("inserting");
  job.log(`inserting the rows of ${recovered} that public.${table} lacks`);
  const inserted = await insertMissingRows(directDatabaseUrl(), table, recovered.slice(RECOVERED_SCHEMA.length + 1));
  await queryCache()
    .clear()
    .catch((error: Error) =>
      job.log(`could not clear cached results (${error.message}); they expire within their TTL`),
    );
  return { table, recovered, inserted };
}

const INSERT_MISSING = defineOperation<InsertMissingResult>({
  kind: "pitr-insert-missing",
  label: "Insert recovered rows",
  summarise: (r) => `${r.inserted} row(s) from ${r.recovered} inserted into ${r.table}; live rows unchanged.`,
});

export function startInsertMissing(
  actor: string,
  input: z.output<typeof insertMissingInput>,
): Promise<Started<InsertMissingResult>> {
  return INSERT_MISSING.start(actor, (job) => insertMissingWork(job, input.recovered));
}
