// GET /api/scans?patternType=VCP&minScore=7&limit=20&cursor=…: recent scans, cached.
// For signed-in users of any role, or the scanner with its token (Authorization: Bearer $SCANNER_API_TOKEN).
import { ALL_ROLES } from "@/lib/auth/roles";
import { getRecentScans, recentScansParams, SCANNER_READER } from "@/lib/db/queries/scans";
import { json } from "@/lib/http/responses";
import { route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

export const GET = route(
  { access: { roles: ALL_ROLES, token: "SCANNER_API_TOKEN" }, query: recentScansParams },
  // The scanner (its token) reads back its own uploads; a signed-in user reads what any replica serves.
  async ({ query, request }) =>
    json(await getRecentScans(query, request.headers.has("authorization") ? SCANNER_READER : null)),
);
