// The health check as JSON: 200 when healthy or degraded, 503 when unhealthy.
// Anyone gets { status }; operators, admins and the METRICS_TOKEN get the
// details (pool counters, latencies, connection errors).
import { routeRefusal } from "@/lib/auth/guard";
import { healthCheck } from "@/lib/monitoring/health";

export const dynamic = "force-dynamic";

export async function GET(request: Request): Promise<Response> {
  const [health, refused] = await Promise.all([
    healthCheck(),
    routeRefusal(request, "/api/health").catch(() => true), // no session to read (the database is down): status only
  ]);
  return Response.json(refused ? { status: health.status } : health, {
    status: health.status === "unhealthy" ? 503 : 200,
    headers: { "cache-control": "no-store" },
  });
}
