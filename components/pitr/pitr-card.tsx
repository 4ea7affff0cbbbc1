// Point-in-time recovery at a glance (a server component): the recoverable
// window, what could be lost right now (the unarchived writes' age), archiving,
// the repository and its backups. Not set up or not possible here: says why.
import type { PitrStatus } from "@/lib/pitr/status";
import { Badge, Notice } from "@/components/ui/badge";
import { DataTable, type Column } from "@/components/ui/data-table";
import { formatAge, formatBytes, formatDateTime, formatDuration } from "@/components/ui/format";
import { ui } from "@/components/ui/styles";

type Ok = Extract<PitrStatus, { state: "ok" }>;
type BackupRow = Ok["backups"][number];

const BACKUP_COLUMNS: Column<BackupRow>[] = [
  { header: "Started (UTC)", cell: (b) => formatDateTime(b.startedAt) },
  { header: "Type", cell: (b) => b.type },
  { header: "Took", numeric: true, cell: (b) => formatDuration(b.durationS * 1000) },
  { header: "Size", numeric: true, cell: (b) => formatBytes(b.sizeBytes) },
  { header: "Stored", numeric: true, cell: (b) => formatBytes(b.repoBytes) },
  { header: "WAL", wrap: true, cell: (b) => <code>{`${b.walStart ?? "?"} … ${b.walStop ?? "?"}`}</code> },
];

function Archiving({ a }: { a: Ok["archiver"] }) {
  if (a.failing)
    return (
      <Badge tone="bad">
        failing since {formatDateTime(a.lastFailedAt!)} ({a.lastFailedWal})
      </Badge>
    );
  return (
    <>
      <Badge tone="ok">working</Badge> last {a.lastArchivedWal ?? "none yet"}
      {a.lastArchivedAt ? `, ${formatAge(a.lastArchivedAt)}` : ""}
    </>
  );
}

function NotAvailable({ status }: { status: Exclude<PitrStatus, Ok> }) {
  if (status.state === "not-set-up")
    return <p className={ui.muted}>Point-in-time recovery is not set up: {status.reason}.</p>;
  if (status.state === "unavailable")
    return (
      <Notice tone="warn">
        Point-in-time recovery is not available for this database: {status.reason}. Logical backups carry on as before.
      </Notice>
    );
  return <Notice tone="bad">pgBackRest did not answer: {status.reason}</Notice>;
}

export function PitrCard({ status }: { status: PitrStatus }) {
  if (status.state !== "ok") return <NotAvailable status={status} />;
  const { archiver, window } = status;
  return (
    <div className={ui.stack}>
      <dl className={ui.facts} data-testid="pitr-status">
        <dt>Recoverable</dt>
        <dd>
          {window ? (
            <>
              any second from <strong>{formatDateTime(window.from)}</strong> to{" "}
              <strong>{formatDateTime(window.to)}</strong> UTC
            </>
          ) : (
            <Badge tone="warn">nothing yet: no backup has finished</Badge>
          )}
        </dd>
        <dt>Could be lost now</dt>
        <dd>
          <Badge tone={archiver.rpoS >= 0 && archiver.rpoS <= 300 ? "ok" : "bad"}>
            {archiver.rpoS < 0 ? "unknown: nothing archived yet" : `${archiver.rpoS} s of writes`}
          </Badge>{" "}
          {formatBytes(archiver.unarchivedBytes)} of WAL not yet archived
        </dd>
        <dt>Archiving</dt>
        <dd>
          <Archiving a={archiver} />
        </dd>
        <dt>Repository</dt>
        <dd>
          <code>{status.repository}</code> ({status.encrypted ? "encrypted" : "not encrypted"}, stanza{" "}
          <code>{status.stanza}</code>: {status.stanzaStatus})
          {status.repoFree &&
            `; ${formatBytes(status.repoFree.bytes)} free (${Math.round(status.repoFree.ratio * 100)}%)`}
        </dd>
        <dt>Last full backup</dt>
        <dd>{status.lastFullAt ? `${formatDateTime(status.lastFullAt)} (${formatAge(status.lastFullAt)})` : "none"}</dd>
      </dl>
      <DataTable
        caption="pgBackRest backups, oldest first"
        columns={BACKUP_COLUMNS}
        rows={status.backups}
        rowKey={(b) => b.label}
        testId="pitr-backups"
      />
    </div>
  );
}
