// The overview's health card: Postgres, Redis and the pool, read when the page renders (a server component).
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
        <dt>Pool</dt>
        <dd>
          {h.pool.checked_out} of {h.pool.max} in use, {h.pool.checked_in} idle, {h.pool.waiting} waiting
        </dd>
        <dt>Acquire wait</dt>
        <dd>
          p95 {h.pool.acquire_wait_ms.p95} ms over {formatNumber(h.pool.counters.acquisitions)} checkouts
        </dd>
      </dl>
    </Card>
  );
}
