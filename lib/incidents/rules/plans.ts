// A query family of the app changed plans and got slower: its current plan's
// p95 is at least planRegressionRatio times what its earlier plans did in the
// planBaselineHours before the change. The summary names both plans; the
// plan viewer (Insights → Plans) shows them side by side.
import type { Rule } from "./rule";

const ms = (n: number) => `${n < 10 ? n.toFixed(2) : Math.round(n)} ms`;

export const PLAN_RULES: Rule[] = [
  {
    id: "plan_regressed",
    title: "A query family changed plans and got slower",
    needs: ["plans"],
    forMs: 0,
    evaluate: ({ plans }, s) =>
      plans
        .filter(
          (c) =>
            c.baselineP95Ms !== null &&
            c.currentP95Ms !== null &&
            c.baselineCalls >= s.planMinCalls &&
            c.currentCalls >= s.planMinCalls &&
            c.currentP95Ms >= s.planRegressionRatio * c.baselineP95Ms,
        )
        .map((c) => ({
          subject: c.family,
          summary: `plan changed from "${c.before.summary}" to "${c.after.summary}" at ${c.after.firstSeen.toISOString().slice(0, 16)}Z; p95 ${ms(c.baselineP95Ms!)} → ${ms(c.currentP95Ms!)} (${(c.currentP95Ms! / c.baselineP95Ms!).toFixed(1)}×)`,
        })),
  },
];
