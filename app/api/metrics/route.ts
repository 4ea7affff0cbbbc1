// Prometheus scrape endpoint.
import { appRegistry } from "@/lib/db/prometheus";

export const dynamic = "force-dynamic";

export async function GET(): Promise<Response> {
  const registry = appRegistry();
  return new Response(await registry.metrics(), { headers: { "content-type": registry.contentType, "cache-control": "no-store" } });
}
