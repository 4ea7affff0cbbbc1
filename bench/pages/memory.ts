// The app's memory under load: 200 clients for a bounded time against
// 127.0.0.1, the peak resident memory of the app's server process (the largest
// in its process group: npx and tsx's launcher are small processes above it),
// sampled every 250 ms.
import { execFileSync } from "node:child_process";
import { drive } from "../load/drive";

/** Resident kilobytes of the largest process in `group`. */
function groupRssKb(group: number): number {
  const lines = execFileSync("ps", ["-eo", "pgid=,rss="], { encoding: "utf8" }).trim().split("\n");
  return Math.max(
    0,
    ...lines
      .map((line) => line.trim().split(/\s+/).map(Number))
      .filter(([pgid]) => pgid === group)
      .map(([, rss]) => rss),
  );
}

/** The app server's resident memory now, in MB. */
export const groupRssMb = (group: number) => Math.round(groupRssKb(group) / 1024);

export async function peakRssUnderLoad(options: {
  base: string;
  token: string;
  group: number;
  clients: number;
  durationMs: number;
}): Promise<{ peak_rss_mb: number; requests: number; errors: number }> {
  let peakKb = groupRssKb(options.group);
  const sampler = setInterval(() => (peakKb = Math.max(peakKb, groupRssKb(options.group))), 250);
  try {
    const result = await drive({ ...options, writes: true });
    return {
      peak_rss_mb: Math.round(peakKb / 1024),
      requests: result.samples.length,
      errors: result.samples.filter((s) => s.status >= 500 || s.status === 0).length,
    };
  } finally {
    clearInterval(sampler);
  }
}
