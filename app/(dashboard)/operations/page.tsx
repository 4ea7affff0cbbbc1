import path from "node:path";
import { Suspense } from "react";
import { backupNowAction, restoreLatestAction, verifyLatestAction } from "@/lib/actions/ops";
import { requirePage } from "@/lib/auth/guard";
import { getScanLogs } from "@/lib/db/queries/scan-logs";
import { listJobs } from "@/lib/ops/jobs";
import { backupDirectory, localCatalog } from "@/lib/ops/manifest";
import { latestIn } from "@/lib/ops/restore";
import { CatalogTable } from "@/components/ops/catalog-table";
import { MigrationTable } from "@/components/ops/migration-card";
import { OpsPanel } from "@/components/ops/ops-panel";
import { Badge } from "@/components/ui/badge";
import { Card, CardSkeleton } from "@/components/ui/card";
import { formatDateTime, formatDuration, formatNumber } from "@/components/ui/format";
import { PageHeader } from "@/components/ui/page-header";
import { ui } from "@/components/ui/styles";

export const metadata = { title: "Operations" };
export const dynamic = "force-dynamic";

async function Jobs() {
  const jobs = await listJobs(10);
  if (jobs.length === 0) return <p className={ui.muted}>No backups, restores or drills have run yet.</p>;
  return (
    <div className={ui.tableWrap} tabIndex={0} role="region" aria-label="Recent jobs">
      <table className={ui.table}>
        <caption className="visually-hidden">Recent jobs</caption>
        <thead><tr><th scope="col">Started (UTC)</th><th scope="col">Kind</th><th scope="col">By</th><th scope="col">Status</th><th scope="col" className={ui.num}>Took</th><th scope="col">Error</th></tr></thead>
        <tbody>
          {jobs.map((j) => (
            <tr key={j.id}>
              <td>{formatDateTime(j.startedAt)}</td>
              <td>{j.kind}</td>
              <td>{j.actor}</td>
              <td><Badge tone={j.status === "succeeded" ? "ok" : j.status === "failed" ? "bad" : "info"}>{j.status === "running" ? `running: ${j.phase}` : j.status}</Badge></td>
              <td className={ui.num}>{j.finishedAt ? formatDuration(Date.parse(j.finishedAt) - Date.parse(j.startedAt)) : "–"}</td>
              <td className={ui.wrap}>{j.error ?? ""}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

async function ScanLogs() {
  const logs = await getScanLogs({ limit: 12 });
  return (
    <div className={ui.tableWrap} tabIndex={0} role="region" aria-label="Recent scanner runs">
      <table className={ui.table}>
        <caption className="visually-hidden">Recent scanner runs</caption>
        <thead><tr><th scope="col">Started (UTC)</th><th scope="col" className={ui.num}>Took</th><th scope="col">Status</th><th scope="col" className={ui.num}>Tickers</th><th scope="col" className={ui.num}>Patterns</th><th scope="col">Error</th></tr></thead>
        <tbody>
          {logs.map((l) => (
            <tr key={l.id}>
              <td>{formatDateTime(l.startTime)}</td>
              <td className={ui.num}>{formatDuration(l.durationMs)}</td>
              <td><Badge tone={l.status === "success" ? "ok" : l.status === "failed" ? "bad" : "info"}>{l.status}</Badge></td>
              <td className={ui.num}>{formatNumber(l.tickersScanned)}</td>
              <td className={ui.num}>{formatNumber(l.patternsFound)}</td>
              <td className={ui.wrap}>{l.error ?? ""}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export default async function OperationsPage() {
  await requirePage("/operations");
  const [catalog, jobs] = await Promise.all([localCatalog(), listJobs(5)]);
  const latest = latestIn(catalog);
  const running = jobs.find((j) => j.status === "running");
  return (
    <div className={ui.stack}>
      <PageHeader title="Operations" lead={`Backups in ${backupDirectory()}. One backup or restore runs at a time, across every app instance.`} />
      <Card title="Backup and restore" description="The same code as ops/scripts/db_backup.sh and db_restore.sh.">
        <OpsPanel
          backup={backupNowAction}
          restore={restoreLatestAction}
          verify={verifyLatestAction}
          runningJobId={running?.id ?? null}
          latest={latest?.manifest ? { file: path.basename(latest.path), createdAt: latest.manifest.createdAt, sizeBytes: latest.manifest.sizeBytes } : null}
        />
      </Card>
      <Card title="Backup catalog" description={`${catalog.length} ${catalog.length === 1 ? "backup" : "backups"}, newest first; read from their manifests.`}>
        <CatalogTable entries={catalog} />
      </Card>
      <div className={ui.stack}>
        <Suspense fallback={<CardSkeleton title="Recent jobs" height={220} />}>
          <Card title="Recent jobs"><Jobs /></Card>
        </Suspense>
        <Suspense fallback={<CardSkeleton title="Migrations" height={220} />}>
          <Card title="Migrations"><MigrationTable /></Card>
        </Suspense>
      </div>
      <Suspense fallback={<CardSkeleton title="Recent scanner runs" height={300} wide />}>
        <Card title="Recent scanner runs"><ScanLogs /></Card>
      </Suspense>
    </div>
  );
}
