// Point-in-time recovery with its repository in S3 (the local S3 server over
// HTTPS, with a certificate authority this test makes and pgBackRest trusts
// through PITR_S3_CA_FILE), encrypted: set up, archived to, and a table
// brought back from it.
import { readdirSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { closeDb } from "@/lib/db/client";
import { recoverTableInput, startRecoverTable } from "@/lib/pitr/recover-table";
import { runAsCluster } from "@/lib/pitr/run-as";
import { pitrStatus } from "@/lib/pitr/status";
import { pitrFixture, type PitrFixture } from "@/test/pitr-fixture";
import { startS3Server, type S3Server } from "@/test/s3-server";
import { query } from "@/test/sql";
import { makeTestCertificate, type TestCertificate } from "@/test/tls-cert";

let certificate: TestCertificate;
let s3: S3Server;
let fx: PitrFixture;

beforeAll(async () => {
  certificate = makeTestCertificate();
  s3 = await startS3Server("legendai-pitr", undefined, certificate);
  fx = await pitrFixture("s3", {
    scans: 1_000,
    env: {
      ...s3.env,
      PITR_REPO_TYPE: "s3",
      PITR_REPO_PATH: "/pgbackrest",
      PITR_S3_CA_FILE: certificate.caFile,
    },
  });
}, 120_000);
afterAll(async () => {
  // Stopped without blocking this process: at shutdown Postgres archives its last segment to the S3
  // server that runs here (a synchronous stop would wait on it for a minute).
  if (fx) await runAsCluster("sh", ["-c", fx.cluster.stopCommand]).catch(() => {});
  fx?.cleanup();
  await s3?.close();
  certificate?.remove();
  await closeDb();
});

it("archives to and recovers from an encrypted repository in S3 over HTTPS", async () => {
  const status = await fx.run(() => pitrStatus());
  if (status.state !== "ok") throw new Error(status.reason);
  expect(status).toMatchObject({ repository: "s3://legendai-pitr/pgbackrest", encrypted: true, repoFree: null });
  expect(status.backups.map((b) => b.type)).toEqual(["full"]);

  await new Promise((resolve) => setTimeout(resolve, 1100));
  const [{ now: at }] = await query<{ now: Date }>(fx.url, "SELECT now()");
  await new Promise((resolve) => setTimeout(resolve, 1100));
  await query(fx.url, "DELETE FROM watchlists");
  await fx.archived();
  const result = await fx.run(
    async () => (await startRecoverTable("operator@x.test", recoverTableInput.parse({ table: "watchlists", at }))).done,
  );
  expect(result).toMatchObject({ rows: 20, comparison: { onlyRecovered: 20, onlyLive: 0, changed: 0, same: 0 } });
  expect(readdirSync(path.join(s3.directory, "legendai-pitr"))).not.toEqual([]); // the bucket holds the repository
});
