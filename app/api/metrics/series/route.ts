// GET /api/metrics/series?range=1h: the overview charts' data, from every app process.
import { z } from "zod";
import { env } from "@/lib/env";
import { OPERATORS } from "@/lib/auth/roles";
import { requireApiUser } from "@/lib/auth/session";
import { redis } from "@/lib/db/client";
import { readMetrics } from "@/lib/db/metrics";
import { invalidInput } from "@/lib/http/responses";

export const dynamic = "force-dynamic";

const RANGES = { "15m": 15 * 60_000, "1h": 3_600_000, "6h": 6 * 3_600_000, "24h": 24 * 3_600_000 } as const;
const params = z.object({ range: z.enum(Object.keys(RANGES) as [keyof typeof RANGES]).default("1h") });

export async function GET(request: Request): Promise<Response> {
  const user = await requireApiUser(OPERATORS);
  if (user instanceof Response) return user;
  const parsed = params.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!parsed.success) return invalidInput(parsed.error);
  const now = Date.now();
  try {
    const series = await readMetrics(redis(), env().REDIS_KEY_PREFIX, now - RANGES[parsed.data.range], now);
    return Response.json({ from: now - RANGES[parsed.data.range], to: now, ...series }, { headers: { "cache-control": "no-store" } });
  } catch (error) {
    return Response.json({ error: `metrics are kept in Redis, which is unavailable: ${(error as Error).message}` }, { status: 503 });
  }
}
