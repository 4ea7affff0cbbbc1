// The Activity tab: running statements (with warnings and a quiet "End…"
// control for admins), the lock tree and replication.
import { endSessionAction } from "@/lib/actions/insights";
import {
  IDLE_IN_TRANSACTION_MS,
  LONG_QUERY_MS,
  liveQueries,
  lockTree,
  type LockNode,
  type Session,
} from "@/lib/monitoring/activity";
import { EndSessionForm } from "@/components/insights/end-session-form";
import { ReplicationCard } from "@/components/insights/replication";
import { LiveRefresh } from "@/components/insights/live-refresh";
import { Badge, Notice } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { DataTable, type Column } from "@/components/ui/data-table";
import { EmptyState } from "@/components/ui/empty-state";
import { formatDuration } from "@/components/ui/format";
import { cx, ui } from "@/components/ui/styles";

const SESSION_COLUMNS: Column<Session>[] = [
  { header: "PID", numeric: true, cell: (r) => r.pid },
  {
    header: "State",
    cell: (r) => (
      <>
        {r.state}
        {r.warning && (
          <>
            {" "}
            <Badge tone="warn">{r.warning}</Badge>
          </>
        )}
        {r.blocking > 0 && (
          <>
            {" "}
            <Badge tone="bad">blocks {r.blocking}</Badge>
          </>
        )}
        {r.blockedBy.length > 0 && (
          <>
            {" "}
            <Badge tone="warn">waits for {r.blockedBy.map((pid) => `PID ${pid}`).join(", ")}</Badge>
          </>
        )}
      </>
    ),
  },
  { header: "Running", numeric: true, cell: (r) => formatDuration(r.durationMs) },
  { header: "Waiting on", cell: (r) => r.waitEvent ?? "–" },
  { header: "Application", wrap: true, cell: (r) => r.application },
  { header: "Client", cell: (r) => r.client ?? "local" },
  { header: "Statement", mono: true, wrap: true, cell: (r) => r.query },
  {
    header: "Action",
    cell: (r) =>
      r.protected ? (
        <Badge>this app&apos;s operation</Badge>
      ) : (
        <EndSessionForm action={endSessionAction} pid={r.pid} application={r.application} />
      ),
  },
];

function LockBranch({ node }: { node: LockNode }) {
  return (
    <li data-testid="lock-node">
      <strong>PID {node.pid}</strong> ({node.application}, {node.state}, {formatDuration(node.durationMs)})
      {node.waitingFor && (
        <>
          {" "}
          <Badge tone="warn">waits for {node.waitingFor}</Badge>
        </>
      )}
      {node.blocks.length > 0 && (
        <>
          {" "}
          <Badge tone="bad">blocks {node.blocks.length}</Badge>
        </>
      )}
      <div className={ui.mono}>{node.query}</div>
      {node.blocks.length > 0 && (
        <ul className={ui.tree}>
          {node.blocks.map((child) => (
            <LockBranch key={child.pid} node={child} />
          ))}
        </ul>
      )}
    </li>
  );
}

export async function Activity() {
  const [sessions, locks] = await Promise.all([liveQueries(), lockTree()]);
  const flagged = sessions.filter((s) => s.warning);
  return (
    <div id="activity" className={cx(ui.stack, ui.wide)}>
      <Card
        title="Live queries"
        description={`Sessions of this database that are not idle, oldest statement first. Flagged: statements running over ${LONG_QUERY_MS / 1000} s, transactions idle over ${IDLE_IN_TRANSACTION_MS / 1000} s; a session others wait for says how many it blocks.`}
        actions={<LiveRefresh everyMs={5_000} region="activity" />}
        wide
      >
        {flagged.length > 0 && (
          <Notice tone="warn">
            {flagged.length} session{flagged.length === 1 ? "" : "s"} need a look:{" "}
            {flagged.map((s) => `PID ${s.pid} (${s.warning})`).join(", ")}.
          </Notice>
        )}
        {sessions.length ? (
          <DataTable
            caption="Live queries"
            columns={SESSION_COLUMNS}
            rows={sessions}
            rowKey={(r) => r.pid}
            testId="live-queries"
          />
        ) : (
          <EmptyState title="Nothing running">Every session of this database is idle.</EmptyState>
        )}
      </Card>
      <Card title="Locks" description="Who blocks whom: each session listed under the one it waits for." wide>
        {locks.length ? (
          <ul className={ui.tree} data-testid="lock-tree">
            {locks.map((root) => (
              <LockBranch key={root.pid} node={root} />
            ))}
          </ul>
        ) : (
          <EmptyState title="No one is blocked">No session waits for a lock another holds.</EmptyState>
        )}
      </Card>
      <ReplicationCard />
    </div>
  );
}
