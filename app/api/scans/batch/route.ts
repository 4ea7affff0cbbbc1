// POST /api/scans/batch: the scanner's bulk upload (up to 10,000 scans), with
// an API token. All rows are checked first; one bad row rejects the batch.
import { z } from "zod";
import { saveScansBatch, SCANNER_READER } from "@/lib/db/queries/scans";
import { InvalidInputError } from "@/lib/errors";
import { json } from "@/lib/http/responses";
import { route } from "@/lib/http/route";

export const dynamic = "force-dynamic";
const MAX_BATCH = 10_000;
const NOT_A_BATCH = 'expected a JSON array of scans, or { "scans": [...] }';

/** A bare array or { scans: [...] }; each row is checked by saveScansBatch, which names the first bad one. */
const upload = z.preprocess(
  (body) => (Array.isArray(body) ? { scans: body } : body),
  z.object({ scans: z.array(z.unknown(), { error: NOT_A_BATCH }) }, { error: NOT_A_BATCH }),
);

export const POST = route(
  {
    access: { roles: [], token: "SCANNER_API_TOKEN" },
    body: upload,
    // 10,000 ordinary scans are about 2 MB; details may add up to 16 KB each, but not without limit.
    maxBodyBytes: 8 * 1024 * 1024,
  },
  async ({ body: { scans } }) => {
    if (scans.length > MAX_BATCH)
      throw new InvalidInputError(
        `at most ${MAX_BATCH} scans per request (got ${scans.length}): split the upload`,
        "scans",
        413,
      );
    return json({ written: await saveScansBatch(scans, SCANNER_READER) }, { status: 201 });
  },
);
