// Prometheus scrape endpoint: Authorization: Bearer $METRICS_TOKEN, or a signed-in operator or admin.
import { env } from "@/lib/env";
import { OPERATORS } from "@/lib/auth/roles";
import { requireTokenOrUser } from "@/lib/auth/session";
import { appRegistry } from "@/lib/db/prometheus";

export const dynamic = "force-dynamic";

export async function GET(request: Request): Promise<Response> {
  const refused = await requireTokenOrUser(request, env().METRICS_TOKEN, OPERATORS);
  if (refused) return refused;
  const registry = appRegistry();
  return new Response(await registry.metrics(), { headers: { "content-type": registry.contentType, "cache-control": "no-store" } });
}
