// GET /api/metrics/series?range=1h: the overview charts' data, from every app process.
import { z } from "zod";
import { route } from "@/lib/http/route";
import { requireRouteUser } from "@/lib/auth/guard";
import { chartRangeSchema, readSeries } from "@/lib/monitoring/overview";
import { invalidInput } from "@/lib/http/responses";

export const dynamic = "force-dynamic";

const params = z.object({ range: chartRangeSchema });

export const GET = route(async (request: Request): Promise<Response> => {
  const refused = await requireRouteUser(request, "/api/metrics/series");
  if (refused) return refused;
  const parsed = params.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!parsed.success) return invalidInput(parsed.error);
  try {
    return Response.json(await readSeries(parsed.data.range), { headers: { "cache-control": "no-store" } });
  } catch (error) {
    return Response.json(
      { error: `metrics are kept in Redis, which is unavailable: ${(error as Error).message}` },
      { status: 503 },
    );
  }
});
