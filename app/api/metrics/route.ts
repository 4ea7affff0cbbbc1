// Prometheus scrape endpoint: Authorization: Bearer $METRICS_TOKEN, or a signed-in operator or admin.
import { OPERATORS } from "@/lib/auth/roles";
import { route } from "@/lib/http/route";
import { appRegistry } from "@/lib/monitoring/prometheus";

export const dynamic = "force-dynamic";

export const GET = route({ access: { roles: OPERATORS, token: "METRICS_TOKEN" } }, async () => {
  const registry = appRegistry();
  return new Response(await registry.metrics(), { headers: { "content-type": registry.contentType } });
});
