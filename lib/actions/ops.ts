"use server";
// Operations buttons: back up now, restore latest (typed confirmation), drill.
// They return as soon as the job exists; the page follows it by id. lib/ops
// records each operation in the audit log, as it does for the CLI.
import { z } from "zod";
import { defineAction } from "@/lib/actions/action";
import { OPERATORS } from "@/lib/auth/roles";
import { startBackup } from "@/lib/ops/backup";
import { startRestore } from "@/lib/ops/restore";
import { startVerify } from "@/lib/ops/verify";
import { startRehearsal } from "@/lib/ops/rehearse/rehearse";
import { backupFileSchema } from "@/lib/validation";

const operation = (name: string) => ({ name, roles: OPERATORS, audit: false });

export const backupNowAction = defineAction({ ...operation("backup"), input: z.object({}) }, async (_input, user) => {
  const { job } = await startBackup({ actor: user.email }); // a backup already running is refused here, in words for the user
  return { ok: true, message: "Backup started", data: { jobId: job.id } };
});

export const restoreLatestAction = defineAction(
  {
    ...operation("restore"),
    input: z.object({
      backup: backupFileSchema.describe("the backup shown on the page"),
      confirm: z.literal("restore", { error: 'type "restore" to confirm' }),
    }),
  },
  async (input, user) => {
    const { job } = await startRestore({ kind: "latest", expected: input.backup }, user.email);
    return { ok: true, message: `Restoring ${input.backup}`, data: { jobId: job.id } };
  },
);

export const verifyLatestAction = defineAction(
  { ...operation("verify"), input: z.object({}) },
  async (_input, user) => {
    const { job } = await startVerify(user.email);
    return { ok: true, message: "Restore drill started", data: { jobId: job.id } };
  },
);

export const rehearseAction = defineAction({ ...operation("rehearse"), input: z.object({}) }, async (_input, user) => {
  const { job } = await startRehearsal(user.email);
  return { ok: true, message: "Rehearsal started", data: { jobId: job.id } };
});
