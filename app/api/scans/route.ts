// GET /api/scans?patternType=VCP&minScore=7&limit=20&cursor=…: recent scans, cached.
// For signed-in users, or with the scanner token (Authorization: Bearer $SCANNER_API_TOKEN).
import { env } from "@/lib/env";
import { ALL_ROLES } from "@/lib/auth/roles";
import { requireTokenOrUser } from "@/lib/auth/session";
import { getRecentScans, recentScansParams } from "@/lib/db/queries/scans";
import { invalidInput, json } from "@/lib/http/responses";

export const dynamic = "force-dynamic";

export async function GET(request: Request): Promise<Response> {
  // Signed-in users of any role, or the scanner with its token.
  const refused = await requireTokenOrUser(request, env().SCANNER_API_TOKEN, ALL_ROLES);
  if (refused) return refused;
  const query = Object.fromEntries(new URL(request.url).searchParams);
  const parsed = recentScansParams.safeParse(query);
  if (!parsed.success) return invalidInput(parsed.error);
  return json(await getRecentScans(parsed.data));
}
