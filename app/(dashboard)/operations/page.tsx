import path from "node:path";
import { Suspense } from "react";
import { backupNowAction, restoreLatestAction, verifyLatestAction } from "@/lib/actions/ops";
import { requirePage } from "@/lib/auth/guard";
import { getScanLogs } from "@/lib/db/queries/scan-logs";
import { listJobs } from "@/lib/ops/jobs";
import { probeBackupDir } from "@/lib/ops/backup-dir";
import { backupDirExposure } from "@/lib/ops/private-files";
import { backupDirectory } from "@/lib/ops/manifest";
import { readSharedCatalog } from "@/lib/ops/catalog";
import { latestIn } from "@/lib/ops/restore";
import { CatalogTable } from "@/components/ops/catalog-table";
import { MigrationTable } from "@/components/ops/migration-card";
import { RehearsalReport } from "@/components/ops/rehearsal-report";
import { OpsPanel } from "@/components/ops/ops-panel";
import { PitrSection } from "@/components/pitr/pitr-section";
import { Badge, Notice } from "@/components/ui/badge";
import { DataTable, type Column } from "@/components/ui/data-table";
import { Card, CardSkeleton } from "@/components/ui/card";
import { formatDateTime, formatDuration, formatNumber } from "@/components/ui/format";
import { PageHeader } from "@/components/ui/page-header";
import { ui } from "@/components/ui/styles";

export const metadata = { title: "Operations" };
export const dynamic = "force-dynamic";

type JobRow = Awaited<ReturnType<typeof listJobs>>[number];
type ScanLogRow = Awaited<ReturnType<typeof getScanLogs>>[number];

const JOB_COLUMNS: Column<JobRow>[] = [
  { header: "Started (UTC)", cell: (j) => formatDateTime(j.startedAt) },
  { header: "Kind", cell: (j) => j.label ?? j.kind },
  { header: "By", cell: (j) => j.actor },
  {
    header: "Status",
    cell: (j) => (
      <Badge tone={j.status === "succeeded" ? "ok" : j.status === "failed" ? "bad" : "info"}>
        {j.status === "running" ? `running: ${j.phaseLabel ?? j.phase}` : j.status}
      </Badge>
    ),
  },
  {
    header: "Took",
    numeric: true,
    cell: (j) => (j.finishedAt ? formatDuration(Date.parse(j.finishedAt) - Date.parse(j.startedAt)) : "–"),
  },
  { header: "Error", wrap: true, cell: (j) => j.error ?? "" },
];

const SCAN_LOG_COLUMNS: Column<ScanLogRow>[] = [
  { header: "Started (UTC)", cell: (l) => formatDateTime(l.startTime) },
  { header: "Took", numeric: true, cell: (l) => formatDuration(l.durationMs) },
  {
    header: "Status",
    cell: (l) => (
      <Badge tone={l.status === "success" ? "ok" : l.status === "failed" ? "bad" : "info"}>{l.status}</Badge>
    ),
  },
  { header: "Tickers", numeric: true, cell: (l) => formatNumber(l.tickersScanned) },
  { header: "Patterns", numeric: true, cell: (l) => formatNumber(l.patternsFound) },
  { header: "Error", wrap: true, cell: (l) => l.error ?? "" },
];

async function Jobs() {
  const jobs = await listJobs(10);
  if (jobs.length === 0) return <p className={ui.muted}>No backups, restores or drills have run yet.</p>;
  return <DataTable caption="Recent jobs" columns={JOB_COLUMNS} rows={jobs} rowKey={(j) => j.id} testId="jobs" />;
}

async function ScanLogs() {
  return (
    <DataTable
      caption="Recent scanner runs"
      columns={SCAN_LOG_COLUMNS}
      rows={await getScanLogs({ limit: 12 })}
      rowKey={(l) => l.id}
    />
  );
}

export default async function OperationsPage() {
  await requirePage("/operations");
  const [{ entries: catalog, problem: catalogProblem }, jobs, dirProblem, exposure] = await Promise.all([
    readSharedCatalog(),
    listJobs(5),
    probeBackupDir(),
    backupDirExposure().catch(() => null),
  ]);
  const latest = latestIn(catalog);
  const running = jobs.find((j) => j.status === "running");
  // A running job is followed in the card that started it: point-in-time recovery's own, or backup and restore.
  const pitrRunning = running?.kind.startsWith("pitr-") ? running.id : null;
  const opsRunning = running && !pitrRunning ? running.id : null;
  return (
    <div className={ui.stack}>
      <PageHeader
        title="Operations"
        lead={`Backups in ${backupDirectory()}. One backup or restore runs at a time, across every app instance.`}
      />
      {dirProblem && (
        <Notice tone="bad">{dirProblem}: backups cannot be written until it is. Fix BACKUP_DIR and reload.</Notice>
      )}
      {exposure && <Notice tone="warn">Backups hold every user&apos;s password hash: {exposure}.</Notice>}
      {catalogProblem && (
        <Notice tone="warn">
          S3 is not answering: {catalogProblem}. The catalog below shows this instance&apos;s backups only.
        </Notice>
      )}
      <Card title="Backup and restore" description="The same code as ops/scripts/db_backup.sh and db_restore.sh.">
        <OpsPanel
          backup={backupNowAction}
          restore={restoreLatestAction}
          verify={verifyLatestAction}
          runningJobId={opsRunning}
          latest={
            latest?.manifest
              ? {
                  file: path.basename(latest.path),
                  createdAt: latest.manifest.createdAt,
                  sizeBytes: latest.manifest.sizeBytes,
                }
              : null
          }
        />
      </Card>
      <Suspense fallback={<CardSkeleton title="Point-in-time recovery" height={220} wide />}>
        <PitrSection runningJobId={pitrRunning} />
      </Suspense>
      <Card
        title="Backup catalog"
        description={`${catalog.length} ${catalog.length === 1 ? "backup" : "backups"}, newest first; read from their manifests.`}
      >
        <CatalogTable entries={catalog} />
      </Card>
      <div className={ui.stack}>
        <Suspense fallback={<CardSkeleton title="Recent jobs" height={220} />}>
          <Card title="Recent jobs">
            <Jobs />
          </Card>
        </Suspense>
        <Suspense fallback={<CardSkeleton title="Migrations" height={220} />}>
          <Card title="Migrations">
            <div className={ui.stack}>
              <MigrationTable />
              <RehearsalReport />
            </div>
          </Card>
        </Suspense>
      </div>
      <Suspense fallback={<CardSkeleton title="Recent scanner runs" height={300} wide />}>
        <Card title="Recent scanner runs">
          <ScanLogs />
        </Card>
      </Suspense>
    </div>
  );
}
