// Scan logs: the scanner's run history, newest first, with durations.
import { z } from "zod";
import { cached } from "@/lib/db/cache";
import { prisma } from "@/lib/db/client";

export const scanLogParams = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(50),
  status: z.enum(["running", "success", "failed"]).optional(),
});

export async function getScanLogs(input: z.input<typeof scanLogParams> = {}) {
  const params = scanLogParams.parse(input);
  const rows = await cached({ name: "getScanLogs", params, kind: "scans", tags: ["scan_logs"] }, () =>
    prisma().scanLog.findMany({ where: { status: params.status }, orderBy: { startTime: "desc" }, take: params.limit }),
  );
  return rows.map((log) => ({
    ...log,
    durationMs: log.endTime ? log.endTime.getTime() - log.startTime.getTime() : null,
  }));
}
