// Prometheus scrape endpoint: Authorization: Bearer $METRICS_TOKEN, or a signed-in operator or admin.
import { requireRouteUser } from "@/lib/auth/guard";
import { route } from "@/lib/http/route";
import { appRegistry } from "@/lib/monitoring/prometheus";

export const dynamic = "force-dynamic";

export const GET = route(async (request: Request): Promise<Response> => {
  const refused = await requireRouteUser(request, "/api/metrics");
  if (refused) return refused;
  const registry = appRegistry();
  return new Response(await registry.metrics(), {
    headers: { "content-type": registry.contentType, "cache-control": "no-store" },
  });
});
