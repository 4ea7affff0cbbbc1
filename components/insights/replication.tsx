// The Activity tab's replication card: the read replicas the app uses (in
// rotation or why not, lag in bytes and seconds, replay paused), the standbys
// streaming from this server, the replication slots, and how reads were split.
import { replication, type ReplicaState, type Standby } from "@/lib/monitoring/replication";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { DataTable, type Column } from "@/components/ui/data-table";
import { EmptyState } from "@/components/ui/empty-state";
import { formatBytes, formatNumber } from "@/components/ui/format";
import { ui } from "@/components/ui/styles";

const seconds = (s: number | null) => (s === null ? "—" : s === Infinity ? "∞" : `${s.toFixed(1)} s`);
const bytes = (b: number | null) => (b === null ? "—" : formatBytes(b));

const REPLICA_COLUMNS: Column<ReplicaState>[] = [
  { header: "Replica", cell: (r) => r.name, mono: true },
  {
    header: "Reads",
    cell: (r) => (r.inRotation ? <Badge tone="ok">in rotation</Badge> : <Badge tone="bad">out: {r.reason}</Badge>),
    wrap: true,
  },
  { header: "Lag", numeric: true, cell: (r) => seconds(r.lagSeconds) },
  { header: "Behind", numeric: true, cell: (r) => bytes(r.lagBytes) },
  { header: "Replay", cell: (r) => (r.replayPaused ? <Badge tone="warn">paused</Badge> : "running") },
];

const STANDBY_COLUMNS: Column<Standby>[] = [
  { header: "Standby", cell: (r) => r.application || "(no name)", mono: true },
  { header: "Address", cell: (r) => r.address ?? "local", mono: true },
  { header: "State", cell: (r) => r.state },
  { header: "Behind", numeric: true, cell: (r) => bytes(r.lagBytes) },
  { header: "Replay lag", numeric: true, cell: (r) => seconds(r.replayLagSeconds) },
];

export async function ReplicationCard() {
  const { replicas, standbys, slots, reads } = await replication();
  const total = reads.primary + reads.replica;
  return (
    <Card
      title="Replication"
      description="Read replicas the app sends replica-safe reads to (DATABASE_REPLICA_URLS), standbys streaming from this server, and replication slots."
      wide
    >
      <div className={ui.stack} data-testid="replication">
        {replicas.length ? (
          <>
            <DataTable
              caption="Read replicas"
              columns={REPLICA_COLUMNS}
              rows={replicas}
              rowKey={(r) => r.name}
              testId="read-replicas"
            />
            <p className={ui.muted}>
              Replica-safe reads by this instance since it started: {formatNumber(reads.replica)} on replicas,{" "}
              {formatNumber(reads.primary)} on the primary
              {total ? ` (${Math.round((reads.replica / total) * 100)}% on replicas)` : ""}
              {reads.fallbacks
                ? `; ${formatNumber(reads.fallbacks)} answered by the primary after a replica failed`
                : ""}
              .
            </p>
          </>
        ) : (
          <EmptyState title="No read replicas">
            Every read goes to the primary. Set DATABASE_REPLICA_URLS to spread replica-safe reads (README,
            &ldquo;Scaling reads&rdquo;).
          </EmptyState>
        )}
        {standbys.length > 0 && (
          <DataTable
            caption="Standbys streaming from this server"
            columns={STANDBY_COLUMNS}
            rows={standbys}
            rowKey={(r) => `${r.application}-${r.address}`}
          />
        )}
        <p className={ui.muted}>
          {slots.length
            ? `Replication slots: ${slots.map((s) => `${s.name} (${s.active ? "active" : "inactive"}${s.retainedBytes === null ? "" : `, keeping ${formatBytes(s.retainedBytes)} of WAL`})`).join(", ")}.`
            : "No replication slots."}
        </p>
      </div>
    </Card>
  );
}
