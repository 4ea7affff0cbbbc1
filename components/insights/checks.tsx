// The Checks tab: index and schema findings with their fixes, and headroom
// (sequences near their maximum, transaction-id age).
import { schemaChecks, type Finding } from "@/lib/monitoring/schema-checks";
import { sequenceHeadroom, transactionIdAge, type SequenceHeadroom } from "@/lib/monitoring/headroom";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { DataTable, type Column } from "@/components/ui/data-table";
import { EmptyState } from "@/components/ui/empty-state";
import { formatDateTime, formatNumber, formatPercent } from "@/components/ui/format";
import { ui } from "@/components/ui/styles";

const KIND_LABELS: Record<Finding["kind"], string> = {
  duplicate: "duplicate index",
  redundant: "redundant index",
  invalid: "invalid index",
  "fk-unindexed": "unindexed foreign key",
  "no-primary-key": "no primary key",
};

const FINDING_COLUMNS: Column<Finding>[] = [
  { header: "Finding", cell: (r) => <Badge tone={r.kind === "invalid" ? "bad" : "warn"}>{KIND_LABELS[r.kind]}</Badge> },
  { header: "Table", mono: true, cell: (r) => r.table },
  { header: "Detail", wrap: true, cell: (r) => r.detail },
  { header: "Fix", mono: true, wrap: true, cell: (r) => r.fix },
];

const usedTone = (share: number) => (share >= 0.8 ? "bad" : share >= 0.5 ? "warn" : "ok");

const SEQUENCE_COLUMNS: Column<SequenceHeadroom>[] = [
  { header: "Sequence", mono: true, cell: (r) => r.sequence },
  { header: "Feeds", mono: true, wrap: true, cell: (r) => (r.column ? `${r.column} (${r.columnType})` : "–") },
  {
    header: "Used",
    numeric: true,
    cell: (r) => <Badge tone={usedTone(r.usedShare)}>{formatPercent(r.usedShare, 2)}</Badge>,
  },
  { header: "Value", numeric: true, cell: (r) => formatNumber(r.lastValue) },
  { header: "Maximum", numeric: true, cell: (r) => formatNumber(r.maxValue) },
  {
    header: "Per day",
    numeric: true,
    cell: (r) => (r.perDay === null ? "measuring…" : formatNumber(Math.round(r.perDay))),
  },
  { header: "Runs out", cell: (r) => (r.runsOutAt ? formatDateTime(r.runsOutAt).slice(0, 11) : "–") },
];

export async function Checks() {
  const findings = await schemaChecks();
  const sequences = await sequenceHeadroom();
  const xid = await transactionIdAge();
  return (
    <>
      <Card
        title="Index and schema checks"
        description="Redundant and invalid indexes cost every write; a foreign key without an index makes each delete of a parent row scan the child table."
        wide
      >
        {findings.length ? (
          <DataTable
            caption="Index and schema checks"
            columns={FINDING_COLUMNS}
            rows={findings}
            rowKey={(r) => `${r.kind}-${r.detail}`}
            testId="schema-checks"
          />
        ) : (
          <EmptyState title="Nothing to fix">
            No redundant or invalid index, every foreign key indexed, every table keyed.
          </EmptyState>
        )}
      </Card>
      <Card
        title="Sequences"
        description="How much of each sequence's range is used, capped by the column it feeds (a 32-bit serial stops at 2,147,483,647). The rate comes from the 5-minute snapshots."
        wide
      >
        <DataTable
          caption="Sequences"
          columns={SEQUENCE_COLUMNS}
          rows={sequences}
          rowKey={(r) => r.sequence}
          testId="sequences"
        />
      </Card>
      <Card
        title="Transaction-id age"
        description="Postgres must freeze old rows before transaction ids wrap around; it stops accepting writes near 2.1 billion."
      >
        <dl className={ui.facts}>
          <dt>Database age</dt>
          <dd>
            <Badge tone={xid.share >= 0.5 ? "bad" : xid.age >= xid.freezeMaxAge ? "warn" : "ok"}>
              {formatNumber(xid.age)} ({formatPercent(xid.share, 2)} of wraparound)
            </Badge>
          </dd>
          <dt>Forced vacuum from</dt>
          <dd>{formatNumber(xid.freezeMaxAge)} (autovacuum_freeze_max_age)</dd>
          <dt>Oldest tables</dt>
          <dd className={ui.mono}>
            {xid.oldestTables.map((t) => `${t.table} ${formatNumber(t.age)}`).join(", ") || "–"}
          </dd>
        </dl>
      </Card>
    </>
  );
}
