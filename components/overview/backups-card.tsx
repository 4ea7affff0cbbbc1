// The overview's backups card: the last backup, the last drill, how many are kept (a server component).
import Link from "next/link";
import { backupSummary } from "@/lib/monitoring/overview";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { formatAge, formatBytes, formatDateTime, formatDuration } from "@/components/ui/format";
import { ui } from "@/components/ui/styles";

export async function BackupsCard() {
  const { last, lastVerified: verified, count } = await backupSummary();
  return (
    <Card title="Backups" actions={<Link href="/operations">Operations →</Link>}>
      <dl className={ui.facts}>
        <dt>Last backup</dt>
        <dd>
          {last?.manifest ? (
            <>
              {formatDateTime(last.manifest.createdAt)} ({formatAge(last.manifest.createdAt)}),{" "}
              {formatBytes(last.sizeOnDisk)}
            </>
          ) : (
            <Badge tone="warn">none yet</Badge>
          )}
        </dd>
        <dt>Last verified restore</dt>
        <dd>
          {verified?.manifest?.verification ? (
            <Badge tone={verified.manifest.verification.ok ? "ok" : "bad"}>
              {verified.manifest.verification.ok ? "ok" : "failed"} {formatAge(verified.manifest.verification.at)}, took{" "}
              {formatDuration(verified.manifest.verification.durationMs)}
            </Badge>
          ) : (
            <Badge tone="warn">never: run the restore drill</Badge>
          )}
        </dd>
        <dt>Backups kept</dt>
        <dd>{count}</dd>
      </dl>
    </Card>
  );
}
