// The restore drill: restore the newest backup into a scratch database,
// compare every table's row count and content checksum with the manifest,
// record the result in the manifest, drop the scratch database. A backup that
// was never restored is a hope, not a backup.
import path from "node:path";
import type pg from "pg";
import { quoteIdent } from "@/lib/db/identifiers";
import { withDatabase, withPgClient } from "@/lib/db/pg-client";
import { directDatabaseUrl, env } from "@/lib/env";
import type { JobRecorder } from "@/lib/ops/job-recorder";
import { readManifest, writeManifest } from "@/lib/ops/manifest";
import { defineOperation, type Started } from "@/lib/ops/operation";
import { replayBackup } from "@/lib/ops/psql";
import { latestBackup, RestoreRefusedError } from "@/lib/ops/restore";
import { fetchToLocal } from "@/lib/ops/catalog";
import { compareStats, readTableStats } from "@/lib/ops/table-stats";
import { inspectBackup } from "@/lib/ops/dump";

export type VerifyResult = { backup: string; ok: boolean; problems: string[]; durationMs: number };

const onServer = <T>(databaseUrl: string, work: (client: pg.Client) => Promise<T>) =>
  withPgClient(databaseUrl, work, "legendai-verify");

export async function verifyWork(job: JobRecorder, file?: string): Promise<VerifyResult> {
  const config = env();
  const started = performance.now();
  const latest = file ? null : await latestBackup();
  const target = file ?? (latest ? (await fetchToLocal(latest, (bytes) => job.progress(bytes))).path : undefined);
  if (!target) throw new RestoreRefusedError(`no good backup in ${config.BACKUP_DIR} to verify`);
  const manifest = await readManifest(target);
  if (!manifest) throw new RestoreRefusedError(`${path.basename(target)} has no manifest to compare with`);

  const problems: string[] = [];
  job.phase("verifying", manifest.sizeBytes);
  const check = await inspectBackup(target, (bytes) => job.progress(bytes));
  if (check.sha256 !== manifest.sha256) problems.push("the file does not match its recorded sha256");
  if (!check.complete) problems.push(`the file is truncated or unreadable${check.error ? ` (${check.error})` : ""}`);

  if (problems.length === 0) {
    const scratch = `legendai_verify_${Date.now().toString(36)}`;
    const scratchUrl = withDatabase(directDatabaseUrl(), scratch);
    job.log(`restoring ${manifest.file} into scratch database ${scratch}`);
    await onServer(directDatabaseUrl(), (c) => c.query(`CREATE DATABASE ${quoteIdent(scratch)}`));
    try {
      job.phase("restoring", manifest.sizeBytes);
      const replayed = await replayBackup(scratchUrl, target, manifest.roles ?? null, (bytes) => job.progress(bytes));
      for (const line of replayed.notRestored) job.log(line); // roles of another server: not a fault of the backup
      job.phase("checking");
      problems.push(...compareStats(manifest.tables, await onServer(scratchUrl, readTableStats)));
    } catch (error) {
      problems.push((error as Error).message);
    } finally {
      job.phase("cleaning-up");
      await onServer(directDatabaseUrl(), (c) =>
        c.query(`DROP DATABASE IF EXISTS ${quoteIdent(scratch)} WITH (FORCE)`),
      );
    }
  }
  const durationMs = Math.round(performance.now() - started);
  manifest.verification = { at: new Date().toISOString(), ok: problems.length === 0, durationMs, problems };
  await writeManifest(target, manifest);
  for (const problem of problems) job.log(`problem: ${problem}`);
  if (problems.length) throw new Error(`restore drill of ${manifest.file} failed: ${problems.join("; ")}`);
  return { backup: manifest.file, ok: true, problems, durationMs };
}

const VERIFY = defineOperation<VerifyResult>({
  kind: "verify",
  label: "Restore drill",
  summarise: (r) => `${r.backup} restored cleanly and matched its manifest.`,
  subject: (r) => r.backup,
});

export function startVerify(actor: string, file?: string): Promise<Started<VerifyResult>> {
  return VERIFY.start(actor, (job) => verifyWork(job, file));
}
