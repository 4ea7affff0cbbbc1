// GET /api/scans?patternType=VCP&minScore=7&limit=20&cursor=…: recent scans, cached.
import { getRecentScans, recentScansParams } from "@/lib/db/queries/scans";
import { invalidInput, json } from "@/lib/http/responses";

export const dynamic = "force-dynamic";

export async function GET(request: Request): Promise<Response> {
  const query = Object.fromEntries(new URL(request.url).searchParams);
  const parsed = recentScansParams.safeParse(query);
  if (!parsed.success) return invalidInput(parsed.error);
  return json(await getRecentScans(parsed.data));
}
