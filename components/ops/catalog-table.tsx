// The backup catalog, read from the manifests beside the files.
import path from "node:path";
import type { CatalogEntry } from "@/lib/ops/manifest";
import { Badge } from "@/components/ui/badge";
import { EmptyState } from "@/components/ui/empty-state";
import { formatBytes, formatDateTime, formatDuration } from "@/components/ui/format";
import { ui } from "@/components/ui/styles";

function verified(entry: CatalogEntry) {
  const v = entry.manifest?.verification;
  if (!v) return <Badge>never</Badge>;
  return <Badge tone={v.ok ? "ok" : "bad"}>{v.ok ? `ok ${formatDateTime(v.at)}` : `failed: ${v.problems[0] ?? ""}`}</Badge>;
}

function s3(entry: CatalogEntry) {
  const copy = entry.manifest?.s3;
  if (!copy) return <span className={ui.muted}>local only</span>;
  return copy.status === "uploaded" ? <Badge tone="ok">in s3://{copy.bucket}</Badge> : <Badge tone="warn">upload failed</Badge>;
}

export function CatalogTable({ entries }: { entries: CatalogEntry[] }) {
  if (entries.length === 0) return <EmptyState title="No backups yet">Press “Back up now”, or schedule them with ops/scripts/setup_backup_cron.sh.</EmptyState>;
  return (
    <div className={ui.tableWrap} tabIndex={0} role="region" aria-label="Backups, newest first">
      <table className={ui.table} data-testid="backup-catalog">
        <caption className="visually-hidden">Backups, newest first</caption>
        <thead>
          <tr>
            <th scope="col">Taken (UTC)</th>
            <th scope="col">File</th>
            <th scope="col">Kind</th>
            <th scope="col" className={ui.num}>Size</th>
            <th scope="col">sha256</th>
            <th scope="col">S3</th>
            <th scope="col">Verified restore</th>
            <th scope="col" className={ui.num}>Took</th>
          </tr>
        </thead>
        <tbody>
          {entries.map((e) => (
            <tr key={e.path}>
              <td>{e.manifest ? formatDateTime(e.manifest.createdAt) : "–"}</td>
              <td className={ui.mono}>{path.basename(e.path)}</td>
              <td>{!e.manifest ? <Badge tone="bad">no manifest</Badge> : e.manifest.kind === "safety" ? <Badge tone="warn">safety</Badge> : <Badge>backup</Badge>}</td>
              <td className={ui.num}>{formatBytes(e.sizeOnDisk)}</td>
              <td className={ui.mono} title={e.manifest?.sha256}>{e.manifest ? `${e.manifest.sha256.slice(0, 12)}…` : "–"}</td>
              <td>{s3(e)}</td>
              <td>{verified(e)}</td>
              <td className={ui.num}>{formatDuration(e.manifest?.durationMs)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
