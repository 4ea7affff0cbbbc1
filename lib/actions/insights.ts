"use server";
// Slow-query diagnosis: EXPLAIN ANALYZE of a hot query, chosen by id (never free SQL).
import { z } from "zod";
import { defineAction } from "@/lib/actions/action";
import { ADMINS } from "@/lib/auth/roles";
import { HOT_QUERIES } from "@/lib/monitoring/hot-queries";
import { explainHotQuery } from "@/lib/monitoring/insights";

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
