// The health check as JSON: 200 when healthy or degraded, 503 when unhealthy.
// Anyone gets { status }; operators, admins and the METRICS_TOKEN get the
// details (pool counters, latencies, connection errors).
import { OPERATORS } from "@/lib/auth/roles";
import { healthCheck } from "@/lib/monitoring/health";
import { json } from "@/lib/http/responses";
import { route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

export const GET = route({ access: { roles: OPERATORS, token: "METRICS_TOKEN", open: true } }, async ({ allowed }) => {
  const health = await healthCheck();
  return json(allowed ? health : { status: health.status }, { status: health.status === "unhealthy" ? 503 : 200 });
});
