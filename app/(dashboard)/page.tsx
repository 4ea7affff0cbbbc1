import Link from "next/link";
import { redirect } from "next/navigation";
import { Suspense } from "react";
import { currentUser } from "@/lib/auth/session";
import { homeFor, OPERATORS } from "@/lib/auth/roles";
import { migrationOverview } from "@/lib/db/migrations/status";
import { healthCheck } from "@/lib/monitoring/health";
import type { Instance } from "@/lib/monitoring/instances";
import { DataTable, type Column } from "@/components/ui/data-table";
import {
  backupSummary,
  cacheCounters,
  instancesSummary,
  CHART_RANGE_NAMES,
  DEFAULT_CHART_RANGE,
  initialSeries,
  recoveryScorecard,
} from "@/lib/monitoring/overview";
import { OverviewCharts } from "@/components/charts/overview-charts";
import { Badge, Notice } from "@/components/ui/badge";
import { Card, CardSkeleton } from "@/components/ui/card";
import {
  formatAge,
  formatBytes,
  formatDateTime,
  formatDuration,
  formatNumber,
  formatPercent,
} from "@/components/ui/format";
import { PageHeader } from "@/components/ui/page-header";
import { ui } from "@/components/ui/styles";

export const metadata = { title: "Overview" };
export const dynamic = "force-dynamic";

async function Health() {
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

async function Backups() {
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

async function Recovery() {
  const r = await recoveryScorecard();
  const within = (value: number | null, target: number) => value !== null && value <= target;
  return (
    <Card title="Recovery scorecard" actions={<Link href="/incidents">Targets →</Link>}>
      <dl className={ui.facts} data-testid="recovery-scorecard">
        <dt>Could be lost now</dt>
        <dd>
          <Badge tone={within(r.exposureMs, r.rpoMs) ? "ok" : "bad"}>
            {r.exposureMs === null ? "everything: no good backup" : `${formatDuration(r.exposureMs)} of writes`}
          </Badge>{" "}
          target ≤ {formatDuration(r.rpoMs)}
        </dd>
        <dt>A restore takes</dt>
        <dd>
          <Badge tone={within(r.lastDrill?.durationMs ?? null, r.rtoMs) ? "ok" : r.lastDrill ? "bad" : "warn"}>
            {r.lastDrill ? formatDuration(r.lastDrill.durationMs) : "unknown: no drill has passed"}
          </Badge>{" "}
          target ≤ {formatDuration(r.rtoMs)}
        </dd>
        {r.lastDrill && (
          <>
            <dt>Measured</dt>
            <dd>by the drill {formatAge(r.lastDrill.at)}</dd>
          </>
        )}
      </dl>
    </Card>
  );
}

async function Migrations() {
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

async function Instances() {
  const { instances, pools, cache, capacity } = await instancesSummary();
  return (
    <Card title={`Instances (${instances.length})`} wide>
      {capacity?.message ? <Notice tone="warn">{capacity.message}</Notice> : null}
      <dl className={ui.facts}>
        <dt>Pools, all instances</dt>
        <dd>
          {pools.inUse} of {pools.max} in use, {pools.open} open
          {capacity ? ` · server max_connections ${capacity.maxConnections}` : ""}
        </dd>
        <dt>Cache, all instances</dt>
        <dd>
          {formatPercent(cache.hitRatio)} answered without a query, over {formatNumber(cache.lookups)} calls
        </dd>
      </dl>
      <DataTable
        caption="App instances"
        columns={INSTANCE_COLUMNS}
        rows={instances}
        rowKey={(i) => i.id}
        testId="instances"
      />
    </Card>
  );
}

const INSTANCE_COLUMNS: Column<Instance>[] = [
  { header: "Instance", mono: true, cell: (i) => i.id },
  { header: "Version", cell: (i) => i.version },
  { header: "Started (UTC)", cell: (i) => formatDateTime(i.startedAt) },
  { header: "Last seen", cell: (i) => formatAge(i.lastSeen) },
  { header: "Pool", numeric: true, cell: (i) => `${i.pool.inUse} / ${i.pool.max}` },
];

function CacheCounters() {
  const c = cacheCounters();
  return (
    <Card title="Cache (this process)">
      <dl className={ui.facts}>
        <dt>Hit ratio</dt>
        <dd className={ui.bigNumber}>{formatPercent(c.hitRatio)}</dd>
        <dt>Hits / shared / misses</dt>
        <dd>
          {formatNumber(c.hits)} / {formatNumber(c.shared)} / {formatNumber(c.misses)}
          {c.errors ? (
            <>
              {" "}
              · <Badge tone="warn">{c.errors} errors</Badge>
            </>
          ) : null}
        </dd>
        <dt>Time saved</dt>
        <dd>{formatDuration(c.timeSavedMs)}</dd>
        {c.near ? (
          <>
            <dt>Near cache</dt>
            <dd data-testid="near-cache">
              {formatNumber(c.nearHits)} hits in-process · {formatNumber(c.near.entries)} of{" "}
              {formatNumber(c.near.maxEntries)} entries, {formatBytes(c.near.bytes)} of {formatBytes(c.near.maxBytes)}
            </dd>
          </>
        ) : null}
      </dl>
    </Card>
  );
}

export default async function OverviewPage() {
  const user = await currentUser();
  if (!user) redirect("/login");
  if (!OPERATORS.includes(user.role)) redirect(homeFor(user.role)); // traders start at their scans
  return (
    <div className={ui.stack}>
      <PageHeader
        title="Overview"
        lead="The LegendAI database at a glance: health, the pool, query latency, the cache, backups and migrations."
      />
      <div className={ui.summary}>
        <Suspense fallback={<CardSkeleton title="Health" height={120} />}>
          <Health />
        </Suspense>
        <Suspense fallback={<CardSkeleton title="Backups" height={120} />}>
          <Backups />
        </Suspense>
        <Suspense fallback={<CardSkeleton title="Recovery scorecard" height={120} />}>
          <Recovery />
        </Suspense>
        <Suspense fallback={<CardSkeleton title="Migrations" height={120} />}>
          <Migrations />
        </Suspense>
        <CacheCounters />
      </div>
      <Suspense fallback={<CardSkeleton title="Instances" height={120} wide />}>
        <Instances />
      </Suspense>
      <OverviewCharts initial={await initialSeries()} ranges={CHART_RANGE_NAMES} initialRange={DEFAULT_CHART_RANGE} />
    </div>
  );
}
