// The overview's health card: Postgres, Redis, S3, BACKUP_DIR and the pool, read
// when the page renders (a server component).
import { healthCheck } from "@/lib/monitoring/health";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { formatNumber } from "@/components/ui/format";
import { ui } from "@/components/ui/styles";

export async function HealthCard() {
  const h = await healthCheck();
  const tone = h.status === "healthy" ? "ok" : h.status === "degraded" ? "warn" : "bad";
  return (
    <Card title="Health" actions={<Badge tone={tone}>{h.status}</Badge>}>
      <dl className={ui.facts} data-testid="health">
        <dt>PostgreSQL</dt>
        <dd>{h.connection ? `up, ${h.database.latency_ms} ms` : <Badge tone="bad">down: {h.database.error}</Badge>}</dd>
        <dt>Redis</dt>
        <dd>
          {h.redis.connection ? (
            `up, ${h.redis.latency_ms} ms`
          ) : (
            <Badge tone="warn">down ({h.redis.error ?? "no answer"}): reads fall back to Postgres</Badge>
          )}
        </dd>
        {h.s3 && (
          <>
            <dt>S3</dt>
            <dd>{h.s3.ok ? `up, ${h.s3.latency_ms} ms` : <Badge tone="warn">not answering: {h.s3.error}</Badge>}</dd>
          </>
        )}
        <dt>BACKUP_DIR</dt>
        <dd>{h.backup_dir.ok ? "writable" : <Badge tone="warn">{h.backup_dir.problem}</Badge>}</dd>
        <dt>Pool</dt>
        <dd>
          {h.pool.checked_out} of {h.pool.max} in use, {h.pool.checked_in} idle, {h.pool.waiting} waiting
          {h.pool.leaked ? (
            <>
              {" "}
              · <Badge tone="bad">{h.pool.leaked} held too long (a leak?)</Badge>
            </>
          ) : null}
        </dd>
        <dt>Acquire wait</dt>
        <dd>
          p95 {h.pool.acquire_wait_ms.p95} ms over {formatNumber(h.pool.counters.acquisitions)} checkouts
        </dd>
      </dl>
    </Card>
  );
}
