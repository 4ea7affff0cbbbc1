// The safety backup of data a restore kept aside (lib/ops/aside.ts): written
// after the restore's commit, from the kept-aside schemas, under the names
// they had, then those schemas are dropped. Until it is written the data is
// safe in the database, so a failure here loses nothing: the next restore
// tries again first.
import { quoteIdent } from "@/lib/db/identifiers";
import { withPgClient } from "@/lib/db/pg-client";
import { directDatabaseUrl } from "@/lib/env";
import { asideGroups } from "@/lib/ops/aside";
import { takeBackup } from "@/lib/ops/backup";
import type { JobRecorder } from "@/lib/ops/job-recorder";

const onServer = <T>(work: Parameters<typeof withPgClient<T>>[1]) =>
  withPgClient(directDatabaseUrl(), work, "legendai-restore");

/** Writes each restore's kept-aside data to a safety backup and drops it; the files written, oldest first. */
export async function writeAsideCopies(job: JobRecorder, actor: string): Promise<string[]> {
  const written: string[] = [];
  for (const schemas of await onServer(asideGroups)) {
    const safety = await takeBackup(job, { actor, kind: "safety", s3Bucket: null, aside: schemas });
    await onServer((client) =>
      client.query(`DROP SCHEMA ${schemas.map((s) => quoteIdent(s.aside)).join(", ")} CASCADE`),
    );
    job.log(`safety backup of the previous data: ${safety.path} (its kept-aside schemas are dropped)`);
    written.push(safety.path);
  }
  return written;
}
