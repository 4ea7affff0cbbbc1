// The load generator: N clients, each sending the next request as soon as the
// last is answered, for a bounded time, against 127.0.0.1 only. Reads are the
// dashboard's popular scan filters (so the cache has something to do); one
// request in ten is a one-row scanner upload, read back at once by its writer.
import { percentile } from "@/lib/percentile";

export type Sample = { at: number; ms: number; status: number };
export type DriveResult = {
  samples: Sample[];
  /** Tickers whose upload was acknowledged (201): each must be readable afterwards. */
  acknowledged: string[];
  /** Acknowledged uploads whose writer read the list right after and did not find its row. */
  staleReads: number;
};

const FILTERS = [
  "patternType=VCP&minScore=7",
  "patternType=VCP",
  "minScore=8",
  "patternType=FLAT_BASE",
  "",
  "limit=50",
];
const TIMEOUT_MS = 30_000;

export async function drive(options: {
  base: string;
  token: string;
  clients: number;
  durationMs: number;
  writes?: boolean;
}) {
  const { base, token, clients, durationMs } = options;
  const headers = { authorization: `Bearer ${token}` };
  const started = performance.now();
  const result: DriveResult = { samples: [], acknowledged: [], staleReads: 0 };
  let sequence = 0;

  const timedFetch = async (url: string, init?: RequestInit) => {
    const at = performance.now();
    let status = 0;
    let body: unknown = null;
    try {
      const response = await fetch(url, { ...init, signal: AbortSignal.timeout(TIMEOUT_MS) });
      status = response.status;
      body = await response.json().catch(() => null);
    } catch {
      status = 0; // no answer within TIMEOUT_MS, or the connection failed
    }
    result.samples.push({ at: at - started, ms: performance.now() - at, status });
    return { status, body };
  };

  const client = async (id: number) => {
    for (let i = 0; performance.now() - started < durationMs; i++) {
      if (options.writes !== false && i % 10 === 9) {
        const ticker = `L${id}X${++sequence}`;
        const scan = { ticker, patternType: "VCP", score: 5, scannedAt: new Date().toISOString() };
        const upload = await timedFetch(`${base}/api/scans/batch`, {
          method: "POST",
          headers: { ...headers, "content-type": "application/json" },
          body: JSON.stringify([scan]),
        });
        if (upload.status !== 201) continue;
        result.acknowledged.push(ticker);
        const read = await timedFetch(`${base}/api/scans?ticker=${ticker}`, { headers });
        if (read.status === 200 && !(read.body as { items: unknown[] }).items.length) result.staleReads += 1;
      } else {
        await timedFetch(`${base}/api/scans?${FILTERS[(id + i) % FILTERS.length]}`, { headers });
      }
    }
  };
  await Promise.all(Array.from({ length: clients }, (_, id) => client(id)));
  return result;
}

/** Tickers acknowledged but not readable now (after the scenario, the system recovered). */
export async function unreadable(base: string, token: string, tickers: string[]): Promise<string[]> {
  const missing: string[] = [];
  for (const ticker of tickers) {
    const response = await fetch(`${base}/api/scans?ticker=${ticker}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    const body = (await response.json()) as { items?: unknown[] };
    if (!body.items?.length) missing.push(ticker);
  }
  return missing;
}

export function summarize(samples: Sample[], durationMs: number) {
  const ms = samples.map((s) => s.ms).sort((a, b) => a - b);
  const statuses: Record<string, number> = {};
  for (const s of samples) statuses[s.status || "no answer"] = (statuses[s.status || "no answer"] ?? 0) + 1;
  const round = (n: number) => Math.round(n * 10) / 10;
  return {
    requests: samples.length,
    rps: round(samples.length / (durationMs / 1000)),
    p50_ms: round(percentile(ms, 50)),
    p99_ms: round(percentile(ms, 99)),
    max_ms: round(ms.at(-1) ?? 0),
    statuses,
  };
}
