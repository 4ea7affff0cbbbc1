// GET /api/scans?patternType=VCP&minScore=7&limit=20&cursor=…: recent scans, cached.
// For signed-in users, or with the scanner token (Authorization: Bearer $SCANNER_API_TOKEN).
import { requireRouteUser } from "@/lib/auth/guard";
import { route } from "@/lib/http/route";
import { getRecentScans, recentScansParams } from "@/lib/db/queries/scans";
import { invalidInput, json } from "@/lib/http/responses";

export const dynamic = "force-dynamic";

export const GET = route(async (request: Request): Promise<Response> => {
  // Signed-in users of any role, or the scanner with its token.
  const refused = await requireRouteUser(request, "/api/scans");
  if (refused) return refused;
  const query = Object.fromEntries(new URL(request.url).searchParams);
  const parsed = recentScansParams.safeParse(query);
  if (!parsed.success) return invalidInput(parsed.error);
  return json(await getRecentScans(parsed.data));
});
