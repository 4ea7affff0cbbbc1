// GET /api/metrics/series?range=1h: the overview charts' data, from every app process.
import { OPERATORS } from "@/lib/auth/roles";
import { z } from "zod";
import { json } from "@/lib/http/responses";
import { route } from "@/lib/http/route";
import { chartRangeSchema, readSeries } from "@/lib/monitoring/overview";

export const dynamic = "force-dynamic";

export const GET = route(
  { access: { roles: OPERATORS }, query: z.object({ range: chartRangeSchema }) },
  async ({ query }) => {
    try {
      return json(await readSeries(query.range));
    } catch (error) {
      return json(
        { error: `metrics are kept in Redis, which is unavailable: ${(error as Error).message}` },
        { status: 503 },
      );
    }
  },
);
