// The overview's migrations card: up to date, pending, failed or changed since applied (a server component).
import { migrationOverview } from "@/lib/db/migrations/status";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { ui } from "@/components/ui/styles";

export async function MigrationsCard() {
  const m = await migrationOverview();
  return (
    <Card title="Migrations">
      <dl className={ui.facts}>
        <dt>Status</dt>
        <dd>
          {m.failed.length ? (
            <Badge tone="bad">{m.failed.length} failed</Badge>
          ) : m.upToDate ? (
            <Badge tone="ok">up to date</Badge>
          ) : (
            <Badge tone="warn">{m.pending.length} pending</Badge>
          )}
        </dd>
        <dt>Current</dt>
        <dd className={ui.mono}>{m.current ?? "(none)"}</dd>
        <dt>Applied</dt>
        <dd>
          {m.applied.length}
          {m.changed.length ? (
            <>
              {" "}
              · <Badge tone="warn">{m.changed.length} changed since applied</Badge>
            </>
          ) : null}
        </dd>
      </dl>
    </Card>
  );
}
