"use server";
// The admin's hands on the live database: EXPLAIN ANALYZE of a hot query,
// chosen by id (never free SQL), and cancelling or terminating a session
// (typed confirmation: the session's pid).
import { z } from "zod";
import { defineAction } from "@/lib/actions/action";
import { ADMINS } from "@/lib/auth/roles";
import { HOT_QUERIES } from "@/lib/monitoring/hot-queries";
import { explainHotQuery } from "@/lib/monitoring/insights";
import { endSession } from "@/lib/monitoring/activity";
import { idSchema } from "@/lib/validation";

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
