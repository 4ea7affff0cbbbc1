// POST /api/scans/batch: the scanner's bulk upload (up to 10,000 scans), with
// an API token. All rows are checked first; one bad row rejects the batch.
import { saveScansBatch } from "@/lib/db/queries/scans";
import { route } from "@/lib/http/route";
import { readJsonBody } from "@/lib/http/body";
import { BatchValidationError } from "@/lib/db/queries/scan-input";
import { requireRouteUser } from "@/lib/auth/guard";
import { badRequest, json } from "@/lib/http/responses";

export const dynamic = "force-dynamic";
const MAX_BATCH = 10_000;
/** 10,000 ordinary scans are about 2 MB; details may add up to 16 KB each, but not without limit. */
const MAX_BODY_BYTES = 8 * 1024 * 1024;

export const POST = route(async (request: Request): Promise<Response> => {
  const refused = await requireRouteUser(request, "/api/scans/batch");
  if (refused) return refused;
  const read = await readJsonBody(request, MAX_BODY_BYTES);
  if (!read.ok) return badRequest(read.error, undefined, read.status);
  const body = read.value;
  const scans = Array.isArray(body) ? body : (body as { scans?: unknown })?.scans;
  if (!Array.isArray(scans)) return badRequest('expected a JSON array of scans, or { "scans": [...] }', "scans");
  if (scans.length > MAX_BATCH)
    return badRequest(`at most ${MAX_BATCH} scans per request (got ${scans.length}): split the upload`, "scans", 413);
  try {
    return json({ written: await saveScansBatch(scans) }, { status: 201 });
  } catch (error) {
    if (error instanceof BatchValidationError) {
      return json(
        {
          error: error.message,
          field: `scans[${error.index}]${error.field ? `.${error.field}` : ""}`,
          index: error.index,
        },
        { status: 400 },
      );
    }
    throw error;
  }
});
