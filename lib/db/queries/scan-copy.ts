// COPY ... FROM STDIN for very large scan batches: one streamed statement
// instead of many multi-row INSERTs (the benchmark's `copy` variant).
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { from as copyFrom } from "pg-copy-streams";
import { withPoolClient } from "@/lib/db/pg-client";
import { beginBounded } from "@/lib/db/pool";
import { env } from "@/lib/env";
import type { ValidScan } from "@/lib/db/queries/scan-input";

const COPY_SQL =
  "COPY pattern_scans (ticker, pattern_type, score, pivot_price, entry_price, details, scanned_at) FROM STDIN";

/** COPY's text format: backslash, tab, newline and carriage return are escaped; \N is NULL. */
function field(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return "\\N";
  return String(value).replace(/\\/g, "\\\\").replace(/\t/g, "\\t").replace(/\n/g, "\\n").replace(/\r/g, "\\r");
}

function line(scan: ValidScan, now: string): string {
  return [
    field(scan.ticker),
    field(scan.patternType),
    field(scan.score),
    field(scan.pivotPrice),
    field(scan.entryPrice),
    field(scan.details ? JSON.stringify(scan.details) : null),
    field(scan.scannedAt ? scan.scannedAt.toISOString() : now),
  ].join("\t");
}

function* lines(scans: ValidScan[]): Generator<string> {
  const now = new Date().toISOString();
  const CHUNK = 1000;
  for (let i = 0; i < scans.length; i += CHUNK) {
    yield scans
      .slice(i, i + CHUNK)
      .map((s) => `${line(s, now)}\n`)
      .join("");
  }
}

/**
 * Writes validated scans with one COPY statement: atomic on its own; returns
 * the row count. Postgres rolls back a COPY that fails part-way, and the
 * connection, whose protocol state is then unknown, is dropped rather than reused.
 */
export function copyScans(scans: ValidScan[]): Promise<number> {
  const limitMs = env().DB_STATEMENT_TIMEOUT * 1000;
  return withPoolClient(async (client) => {
    // Bounded on the server like every other statement (lib/db/pool.ts).
    if (limitMs) await client.query(beginBounded(limitMs));
    const stream = client.query(copyFrom(COPY_SQL));
    await pipeline(Readable.from(lines(scans)), stream);
    if (limitMs) await client.query("COMMIT");
    return stream.rowCount ?? scans.length;
  });
}
