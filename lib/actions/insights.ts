"use server";
// The admin's hands on the live database: EXPLAIN ANALYZE of a hot query,
// chosen by id (never free SQL), and cancelling or terminating a session
// (typed confirmation: the session's pid).
import { z } from "zod";
import { defineAction } from "@/lib/actions/action";
import { ADMINS } from "@/lib/auth/roles";
import { HOT_QUERIES } from "@/lib/db/queries/hot-queries";
import { explainHotQuery } from "@/lib/monitoring/insights";
import { endSession } from "@/lib/monitoring/activity";
import { idSchema } from "@/lib/validation";
import { explainAnalyze, type AnalyzeTarget } from "@/lib/monitoring/plans/analyze";

const MAX_PARAMS = 32;
const paramFields = Object.fromEntries(
  Array.from({ length: MAX_PARAMS }, (_, i) => [`p${i + 1}`, z.string().max(1000).optional()]),
) as Record<`p${number}`, z.ZodOptional<z.ZodString>>;

/** "family:<name>" or "statement:<queryid>": what to explain, by id. */
const targetSchema = z.string().transform((value, ctx): AnalyzeTarget => {
  const [kind, ...rest] = value.split(":");
  const id = rest.join(":");
  if (kind === "family" && id.length > 0 && id.length <= 255) return { kind, family: id };
  if (kind === "statement" && /^-?\d{1,20}$/.test(id)) return { kind, queryid: id };
  ctx.addIssue({ code: "custom", message: "choose a query family or a statement from the list" });
  return z.NEVER;
});

export const explainAnalyzeAction = defineAction(
  { name: "explain:analyze", roles: ADMINS, input: z.object({ target: targetSchema, ...paramFields }) },
  async (input) => {
    const values = input as unknown as Record<string, string | undefined>;
    const params: string[] = [];
    for (let i = 1; i <= MAX_PARAMS && values[`p${i}`] !== undefined; i++) params.push(values[`p${i}`]!);
    const result = await explainAnalyze(input.target, params);
    return {
      ok: true,
      message: `Ran in ${result.executionMs.toFixed(2)} ms (planning ${result.planningMs.toFixed(2)} ms), ${result.readOnly ? "read-only" : "rolled back"}`,
      data: { plan: JSON.stringify(result.plan), sql: result.sql },
      target: input.target.kind === "family" ? input.target.family : `queryid ${input.target.queryid}`,
    };
  },
);

export const explainAction = defineAction(
  {
    name: "explain",
    roles: ADMINS,
    input: z.object({ query: z.enum(HOT_QUERIES.map((q) => q.id) as [string, ...string[]]) }),
  },
  async ({ query }) => {
    const result = await explainHotQuery(query);
    return {
      ok: true,
      message: result.usesExpectedIndex
        ? `${result.name}: served by its index`
        : `${result.name}: not served by its index`,
      data: { plan: result.plan, sql: result.sql, usesExpectedIndex: result.usesExpectedIndex },
      target: query,
    };
  },
);

export const endSessionAction = defineAction(
  {
    name: "session:end",
    roles: ADMINS,
    input: z
      .object({ pid: idSchema, mode: z.enum(["cancel", "terminate"]), confirm: z.string().trim().max(20) })
      .refine((v) => v.confirm === String(v.pid), { path: ["confirm"], message: "type the session's pid to confirm" }),
    // No revalidation: the row (and its confirmation) stays until the admin refreshes the view.
  },
  async ({ pid, mode }) => {
    const session = await endSession(pid, mode);
    return {
      ok: true,
      message:
        mode === "cancel"
          ? `Cancelled the statement of session ${pid} (${session.application})`
          : `Terminated session ${pid} (${session.application})`,
      target: `${mode} ${pid}: ${session.application}: ${session.query}`.slice(0, 255),
    };
  },
);
