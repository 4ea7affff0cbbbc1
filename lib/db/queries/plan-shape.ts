// What makes two plans the same plan: the tree's node types, the relations
// and indexes they read, and the order they are joined in; never the
// estimates, which move with every ANALYZE.
import { createHash } from "node:crypto";

/** One node of EXPLAIN (FORMAT JSON)'s tree, as much of it as the app reads. */
export type PlanNode = {
  "Node Type": string;
  "Relation Name"?: string;
  "Index Name"?: string;
  "Join Type"?: string;
  "Plan Rows"?: number;
  "Total Cost"?: number;
  "Actual Rows"?: number;
  "Actual Total Time"?: number;
  Plans?: PlanNode[];
  [key: string]: unknown;
};

/** The shape of a plan, one line per node in tree order (the join order is the order of the lines). */
export function planShape(node: PlanNode, depth = 0): string[] {
  const parts = [node["Node Type"], node["Join Type"], node["Relation Name"], node["Index Name"]].filter(Boolean);
  return [`${depth}:${parts.join(" ")}`, ...(node.Plans ?? []).flatMap((child) => planShape(child, depth + 1))];
}

export const planFingerprint = (node: PlanNode): string =>
  createHash("sha256").update(planShape(node).join("\n")).digest("hex").slice(0, 16);

/** A one-line summary of what the plan reads: "Index Scan on pattern_scans using ix_…", each node that reads a table or an index. */
export function planSummary(node: PlanNode): string {
  const lines: string[] = [];
  const walk = (n: PlanNode) => {
    const relation = n["Relation Name"] ? ` on ${n["Relation Name"]}` : "";
    const index = n["Index Name"] ? ` using ${n["Index Name"]}` : "";
    if (relation || index) lines.push(`${n["Node Type"]}${relation}${index}`);
    n.Plans?.forEach(walk);
  };
  walk(node);
  return lines.join(", ") || node["Node Type"];
}

/**
 * A family's name: the query's label and the columns its WHERE clause filters
 * on ("PatternScan.findMany by pattern_type, score"), so that the same
 * operation with other filters is another family.
 */
export function familyName(label: string, text: string): string {
  const where = /\bWHERE\b([\s\S]*?)(\bORDER BY\b|\bLIMIT\b|\bGROUP BY\b|$)/i.exec(text)?.[1] ?? "";
  const columns = [...where.matchAll(/"?([a-z_][a-z0-9_]*)"?\s*(=|>=|<=|<|>|IN\b|IS\b|LIKE\b|ILIKE\b)/gi)]
    .map((m) => m[1].toLowerCase())
    .filter((c) => !["and", "or", "not"].includes(c));
  const unique = [...new Set(columns)];
  return (unique.length ? `${label} by ${unique.join(", ")}` : label).slice(0, 255);
}
