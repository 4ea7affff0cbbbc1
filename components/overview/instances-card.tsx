// Every live app instance, their pools and caches added up, and whether the
// pools fit the server's max_connections (a server component).
import { instancesSummary } from "@/lib/monitoring/overview";
import type { Instance } from "@/lib/monitoring/instances";
import { Notice } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { DataTable, type Column } from "@/components/ui/data-table";
import { formatAge, formatDateTime, formatNumber, formatPercent } from "@/components/ui/format";
import { ui } from "@/components/ui/styles";

export async function InstancesCard() {
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
  {
    header: "Pool",
    numeric: true,
    cell: (i) => `${i.pool.inUse} / ${i.pool.max}${i.pool.leaked ? ` (${i.pool.leaked} held too long)` : ""}`,
  },
];
