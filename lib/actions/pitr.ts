"use server";
// Point-in-time recovery from the dashboard (operators and admins): bring a
// table back as it was, insert the rows missing from live (typed
// confirmation), take a pgBackRest backup, run the PITR drill. Each starts an operation that
// records itself in the audit log; the page follows the job by id.
import { z } from "zod";
import { defineAction } from "@/lib/actions/action";
import { OPERATORS } from "@/lib/auth/roles";
import { PITR_BACKUP_TYPES, startPitrBackup } from "@/lib/pitr/backup";
import { startPitrDrill } from "@/lib/pitr/drill";
import { insertMissingInput, startInsertMissing } from "@/lib/pitr/insert-missing";
import { recoverTableInput, startRecoverTable } from "@/lib/pitr/recover-table";

const operation = (name: string) => ({ name, roles: OPERATORS, audit: false });

export const recoverTableAction = defineAction(
  { ...operation("pitr-recover-table"), input: recoverTableInput },
  async (input, user) => {
    const { job } = await startRecoverTable(user.email, input);
    return {
      ok: true,
      message: `Bringing back ${input.table} as it was at ${input.at.toISOString()}`,
      data: { jobId: job.id },
    };
  },
);

export const insertMissingAction = defineAction(
  {
    ...operation("pitr-insert-missing"),
    input: insertMissingInput.extend({ confirm: z.literal("insert", { error: 'type "insert" to confirm' }) }),
  },
  async (input, user) => {
    const { job } = await startInsertMissing(user.email, input);
    return { ok: true, message: `Inserting the rows of ${input.recovered} that live lacks`, data: { jobId: job.id } };
  },
);

export const pitrBackupAction = defineAction(
  { ...operation("pitr-backup"), input: z.object({ type: z.enum(PITR_BACKUP_TYPES) }) },
  async (input, user) => {
    const { job } = await startPitrBackup(user.email, input.type);
    return { ok: true, message: `pgBackRest ${input.type} backup started`, data: { jobId: job.id } };
  },
);

export const pitrDrillAction = defineAction(
  { ...operation("pitr-drill"), input: z.object({}) },
  async (_input, user) => {
    const { job } = await startPitrDrill(user.email);
    return { ok: true, message: "PITR drill started", data: { jobId: job.id } };
  },
);
