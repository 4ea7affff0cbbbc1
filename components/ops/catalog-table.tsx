// The backup catalog, read from the manifests beside the files.
import path from "node:path";
import type { SharedEntry as CatalogEntry } from "@/lib/ops/catalog";
import { Badge } from "@/components/ui/badge";
import { DataTable, type Column } from "@/components/ui/data-table";
import { EmptyState } from "@/components/ui/empty-state";
import { formatBytes, formatDateTime, formatDuration } from "@/components/ui/format";
import { ui } from "@/components/ui/styles";
import { Identifier } from "@/components/ui/identifier";

function verified(entry: CatalogEntry) {
  const v = entry.manifest?.verification;
  if (!v) return <Badge>never</Badge>;
  return (
    <Badge tone={v.ok ? "ok" : "bad"}>{v.ok ? `ok ${formatDateTime(v.at)}` : `failed: ${v.problems[0] ?? ""}`}</Badge>
  );
}

function s3(entry: CatalogEntry) {
  const copy = entry.manifest?.s3;
  if (!copy) return <span className={ui.muted}>local only</span>;
  return copy.status === "uploaded" ? (
    <Badge tone="ok">in s3://{copy.bucket}</Badge>
  ) : (
    <Badge tone="warn">upload failed</Badge>
  );
}

function kind(entry: CatalogEntry) {
  if (!entry.manifest) return <Badge tone="bad">no manifest</Badge>;
  return entry.manifest.kind === "safety" ? <Badge tone="warn">safety</Badge> : <Badge>backup</Badge>;
}

/** Where the file can be read from; another instance is named by its host (the full holder on hover). */
function where(entry: CatalogEntry) {
  if (entry.location === "local") return "this instance";
  if (entry.location === "s3") return "S3 only";
  return <span title={entry.holder ?? undefined}>{entry.holder?.split(":")[0] ?? "another instance"}</span>;
}

const COLUMNS: Column<CatalogEntry>[] = [
  {
    header: "Backup",
    cell: (e) => (
      <>
        <strong>{e.manifest ? formatDateTime(e.manifest.createdAt) : "–"}</strong> {kind(e)}
        <br />
        <span className={ui.mono}>
          <Identifier text={path.basename(e.path)} />
        </span>
      </>
    ),
  },
  { header: "Size", numeric: true, cell: (e) => formatBytes(e.sizeOnDisk) },
  {
    header: "sha256",
    mono: true,
    cell: (e) => (e.manifest ? <span title={e.manifest.sha256}>{e.manifest.sha256.slice(0, 12)}…</span> : "–"),
  },
  {
    header: "Where",
    cell: (e) => (
      <>
        {where(e)}
        <br />
        {s3(e)}
      </>
    ),
  },
  { header: "Verified restore", cell: verified },
  { header: "Took", numeric: true, cell: (e) => formatDuration(e.manifest?.durationMs) },
];

export function CatalogTable({ entries }: { entries: CatalogEntry[] }) {
  if (entries.length === 0)
    return (
      <EmptyState title="No backups yet">
        Press “Back up now”, or schedule them with ops/scripts/setup_backup_cron.sh.
      </EmptyState>
    );
  return (
    <DataTable
      caption="Backups, newest first"
      columns={COLUMNS}
      rows={entries}
      rowKey={(e) => e.path}
      testId="backup-catalog"
    />
  );
}
