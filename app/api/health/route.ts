// The health check as JSON: 200 when healthy or degraded, 503 when unhealthy.
import { healthCheck } from "@/lib/monitoring/health";

export const dynamic = "force-dynamic";

export async function GET(): Promise<Response> {
  const health = await healthCheck();
  return Response.json(health, {
    status: health.status === "unhealthy" ? 503 : 200,
    headers: { "cache-control": "no-store" },
  });
}
