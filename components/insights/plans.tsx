// The Plans tab: every query family of the app with the plan it runs on now,
// and for the family chosen its plan history (calls, mean, p95 per plan) with
// the current plan beside the one before it; EXPLAIN (ANALYZE, BUFFERS) on
// demand for a family or a pg_stat_statements entry.
import Link from "next/link";
import { explainAnalyzeAction } from "@/lib/actions/insights";
import { explainableStatements, parameterCount } from "@/lib/monitoring/plans/analyze";
import { familyPlans, type PlanRecord } from "@/lib/monitoring/plans/store";
import { AnalyzeForm, type AnalyzeChoice } from "@/components/insights/analyze-form";
import { PlanTree } from "@/components/insights/plan-tree";
import { Card } from "@/components/ui/card";
import { DataTable, type Column } from "@/components/ui/data-table";
import { EmptyState } from "@/components/ui/empty-state";
import { formatAge, formatNumber } from "@/components/ui/format";
import { ui } from "@/components/ui/styles";

const ms = (v: number | null) => (v === null ? "–" : v < 10 ? v.toFixed(2) : formatNumber(Math.round(v)));
const familyHref = (family: string) => `/insights?tab=plans&family=${encodeURIComponent(family)}`;

type FamilyRow = { current: PlanRecord; plans: number };

const FAMILY_COLUMNS: Column<FamilyRow>[] = [
  {
    header: "Query family",
    mono: true,
    wrap: true,
    cell: (r) => <Link href={familyHref(r.current.family)}>{r.current.family}</Link>,
  },
  { header: "Plan now", wrap: true, cell: (r) => r.current.summary },
  { header: "Plans", numeric: true, cell: (r) => r.plans },
  { header: "Calls (plan now)", numeric: true, cell: (r) => formatNumber(r.current.calls) },
  { header: "p95 ms", numeric: true, cell: (r) => ms(r.current.p95Ms) },
];

const HISTORY_COLUMNS: Column<PlanRecord>[] = [
  { header: "Plan", wrap: true, cell: (r) => r.summary },
  { header: "Fingerprint", mono: true, cell: (r) => r.fingerprint },
  { header: "First seen", cell: (r) => formatAge(r.firstSeen) },
  { header: "Last seen", cell: (r) => formatAge(r.lastSeen) },
  { header: "Calls", numeric: true, cell: (r) => formatNumber(r.calls) },
  { header: "Mean ms", numeric: true, cell: (r) => ms(r.meanMs) },
  { header: "p95 ms", numeric: true, cell: (r) => ms(r.p95Ms) },
];

function FamilyDetail({ plans }: { plans: PlanRecord[] }) {
  const [current, previous] = plans;
  return (
    <Card title="Plan history" description={current.family} wide>
      <div className={ui.stack}>
        <pre className={ui.mono} style={{ whiteSpace: "pre-wrap", margin: 0 }}>
          {current.query}
        </pre>
        <p className={ui.muted}>Captured with the parameters of a real call: {current.params.join(", ") || "none"}.</p>
        <DataTable
          caption="Plans of this family"
          columns={HISTORY_COLUMNS}
          rows={plans}
          rowKey={(r) => r.fingerprint}
          testId="plan-history"
        />
        <div className={ui.sideBySide}>
          <div>
            <h3>Now (p95 {ms(current.p95Ms)} ms)</h3>
            <PlanTree plan={current.plan} label="The plan now" testId="plan-now" />
          </div>
          {previous && (
            <div>
              <h3>Before (p95 {ms(previous.p95Ms)} ms)</h3>
              <PlanTree plan={previous.plan} label="The plan before" testId="plan-before" />
            </div>
          )}
        </div>
      </div>
    </Card>
  );
}

export async function Plans({ family }: { family?: string }) {
  const [plans, statements] = await Promise.all([familyPlans(), explainableStatements()]);
  const byFamily = new Map<string, PlanRecord[]>();
  for (const p of plans) byFamily.set(p.family, [...(byFamily.get(p.family) ?? []), p]);
  const rows = [...byFamily.values()].map((list) => ({ current: list[0], plans: list.length }));
  const chosen = family ? byFamily.get(family) : undefined;
  const choices: AnalyzeChoice[] = [
    ...rows.map((r) => ({
      value: `family:${r.current.family}`,
      label: `Family: ${r.current.family}`,
      sql: r.current.query,
      params: r.current.params.slice(0, parameterCount(r.current.query)),
    })),
    ...statements.map((s) => ({
      value: `statement:${s.queryid}`,
      label: `Statement ${s.queryid}: ${s.query.replace(/\s+/g, " ").slice(0, 70)}`,
      sql: s.query,
      params: Array.from({ length: parameterCount(s.query) }, () => ""),
    })),
  ];
  return (
    <>
      <Card
        title="Query families"
        description="Each query the app runs, by operation and filter: the plan it runs on now (captured from a real call at most every PLAN_CAPTURE_EVERY_MIN minutes) and its latency under that plan over 7 days."
        wide
      >
        {rows.length ? (
          <DataTable
            caption="Query families"
            columns={FAMILY_COLUMNS}
            rows={rows}
            rowKey={(r) => r.current.family}
            testId="plan-families"
          />
        ) : (
          <EmptyState title="No plans captured yet">
            Plans are captured as traders and the scanner use the app: open the scans, watchlists or alerts pages.
          </EmptyState>
        )}
      </Card>
      {family && !chosen && (
        <EmptyState title="No such query family">
          It has no plan in the last 7 days; choose one from the list.
        </EmptyState>
      )}
      {chosen && <FamilyDetail plans={chosen} />}
      <Card
        title="EXPLAIN ANALYZE"
        description="Runs the statement with the values you give, inside a transaction that is always rolled back (read-only for a read), stopped after 10 seconds."
        wide
      >
        {choices.length ? (
          <AnalyzeForm
            key={family ?? ""}
            action={explainAnalyzeAction}
            choices={choices}
            initial={chosen ? `family:${chosen[0].family}` : undefined}
          />
        ) : (
          <EmptyState title="Nothing to explain yet">No family captured and no pg_stat_statements entry.</EmptyState>
        )}
      </Card>
    </>
  );
}
