"use server";
// Operations buttons: back up now, restore latest (typed confirmation), drill.
// They return as soon as the job exists; the page follows it by id.
import path from "node:path";
import { z } from "zod";
import { ActionError, defineAction, type ActionState } from "@/lib/actions/action";
import { OPERATORS } from "@/lib/auth/roles";
import { recordAudit } from "@/lib/db/queries/audit";
import { startBackup } from "@/lib/ops/backup";
import { latestBackup, startRestore } from "@/lib/ops/restore";
import { startVerify } from "@/lib/ops/verify";
import { env } from "@/lib/env";
import type { Started } from "@/lib/ops/operation";

/** Starts an operation; the final outcome is audited when the job ends. */
async function launch<T>(name: string, actor: string, start: () => Promise<Started<T>>) {
  const started = await start(); // a backup already running is refused here, in words for the user
  started.done.then(
    () => recordAudit({ actor, action: `${name}:finished`, target: started.job.id, outcome: "ok" }),
    (error: Error) => recordAudit({ actor, action: `${name}:finished`, target: started.job.id, outcome: "failed", details: { message: error.message } }),
  );
  return started.job.id;
}

const backupNow = defineAction({ name: "backup", roles: OPERATORS, input: z.object({}) }, async (_input, user) => {
  const jobId = await launch("backup", user.email, () => startBackup({ actor: user.email }));
  return { ok: true, message: "Backup started", data: { jobId }, target: jobId };
});

const restoreLatest = defineAction(
  {
    name: "restore",
    roles: OPERATORS,
    input: z.object({
      backup: z.string().regex(/^legendai_db_\d{8}_\d{6}\.sql\.gz$/, "the backup shown on the page"),
      confirm: z.literal("restore", { error: 'type "restore" to confirm' }),
    }),
  },
  async (input, user) => {
    const latest = await latestBackup(env().BACKUP_DIR);
    if (!latest) throw new ActionError("There is no good backup to restore.");
    if (path.basename(latest.path) !== input.backup) {
      throw new ActionError(`The latest backup is now ${path.basename(latest.path)}, not the one you confirmed: reload and check it.`);
    }
    const jobId = await launch("restore", user.email, () => startRestore({ kind: "latest" }, user.email));
    return { ok: true, message: `Restoring ${input.backup}`, data: { jobId }, target: input.backup };
  },
);

const verifyLatest = defineAction({ name: "verify-backup", roles: OPERATORS, input: z.object({}) }, async (_input, user) => {
  const jobId = await launch("verify-backup", user.email, () => startVerify(user.email));
  return { ok: true, message: "Restore drill started", data: { jobId }, target: jobId };
});

export async function backupNowAction(previous: ActionState | null, formData: FormData) {
  return backupNow(previous, formData);
}
export async function restoreLatestAction(previous: ActionState | null, formData: FormData) {
  return restoreLatest(previous, formData);
}
export async function verifyLatestAction(previous: ActionState | null, formData: FormData) {
  return verifyLatest(previous, formData);
}
