// A plan as a tree: each node with what it reads (relation, index), the
// planner's estimate (rows, cost) and, for EXPLAIN ANALYZE, what happened
// (rows, loops, time, buffers). No hooks: server and client components use it.
import type { PlanNode } from "@/lib/db/queries/plan-shape";
import { ui } from "@/components/ui/styles";

const n = (v: unknown) => (typeof v === "number" ? v.toLocaleString("en-US", { maximumFractionDigits: 2 }) : "–");

function NodeLine({ node }: { node: PlanNode }) {
  const reads = [
    node["Join Type"] && `${node["Join Type"]} join`,
    node["Relation Name"] && `on ${node["Relation Name"]}`,
    node["Index Name"] && `using ${node["Index Name"]}`,
  ].filter(Boolean);
  const actual = node["Actual Total Time"] !== undefined;
  const hit = node["Shared Hit Blocks"];
  const read = node["Shared Read Blocks"];
  return (
    <span>
      <strong>{node["Node Type"]}</strong> {reads.join(" ")}
      <span className={ui.muted}>
        {" "}
        — est. {n(node["Plan Rows"])} rows, cost {n(node["Total Cost"])}
        {actual &&
          ` · actual ${n(node["Actual Rows"])} rows × ${n(node["Actual Loops"])} loops, ${n(node["Actual Total Time"])} ms`}
        {hit !== undefined && ` · buffers hit ${n(hit)}, read ${n(read)}`}
      </span>
    </span>
  );
}

function Branch({ node }: { node: PlanNode }) {
  return (
    <li>
      <NodeLine node={node} />
      {node.Plans?.length ? (
        <ul>
          {node.Plans.map((child, i) => (
            <Branch key={i} node={child} />
          ))}
        </ul>
      ) : null}
    </li>
  );
}

export function PlanTree({ plan, label, testId }: { plan: PlanNode; label: string; testId?: string }) {
  return (
    <div className={ui.planTree} role="region" aria-label={label} tabIndex={0} data-testid={testId}>
      <ul>
        <Branch node={plan} />
      </ul>
    </div>
  );
}
