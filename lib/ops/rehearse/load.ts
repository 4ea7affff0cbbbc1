// The app's traffic on the scratch copy while a migration runs there: a
// writer adding scans as the scanner does and a reader running the hot reads
// in turn, each on a connection of its own, every statement timed. The
// writer's rows carry a ticker of their own, so the reads stay as they were. A
// statement that waits on the migration's lock shows as its latency.
import type pg from "pg";
import { openPgClient } from "@/lib/db/pg-client";
import { HOT_QUERIES, type HotQuerySample } from "@/lib/db/queries/hot-queries";

export type LoadResult = { writerMaxMs: number; readerMaxMs: number; writes: number; reads: number; errors: string[] };

const APPLICATION = "legendai-rehearsal";
/** A statement stuck longer than this behind the migration is given up on (and counted at this). */
const STATEMENT_LIMIT_MS = 120_000;

async function connect(url: string): Promise<pg.Client> {
  const client = await openPgClient(url, APPLICATION);
  await client.query(`SET statement_timeout = ${STATEMENT_LIMIT_MS}`);
  return client;
}

const READS = HOT_QUERIES.filter((q) => /^\s*SELECT/i.test(q.sql));

/** Starts the writer and the reader; stop() waits for their statements in flight and returns the worst of each. */
export async function startLoad(url: string, sample: HotQuerySample): Promise<{ stop: () => Promise<LoadResult> }> {
  const [writer, reader] = [await connect(url), await connect(url)];
  const result: LoadResult = { writerMaxMs: 0, readerMaxMs: 0, writes: 0, reads: 0, errors: [] };
  let running = true;
  const timed = async (client: pg.Client, text: string, values: unknown[], kind: "writer" | "reader") => {
    const started = performance.now();
    try {
      await client.query(text, values);
    } catch (error) {
      if (result.errors.length < 5) result.errors.push(`${kind}: ${(error as Error).message}`);
    }
    const ms = performance.now() - started;
    if (kind === "writer") {
      result.writes += 1;
      result.writerMaxMs = Math.max(result.writerMaxMs, ms);
    } else {
      result.reads += 1;
      result.readerMaxMs = Math.max(result.readerMaxMs, ms);
    }
  };
  const pause = () => new Promise((r) => setTimeout(r, 5));
  const writing = (async () => {
    while (running) {
      await timed(
        writer,
        `INSERT INTO pattern_scans (ticker, pattern_type, score, pivot_price, details, scanned_at)
         VALUES ('REHEARSAL', 'VCP', 5, 10, '{"rehearsal": true}', now())`,
        [],
        "writer",
      );
      await pause();
    }
  })();
  const reading = (async () => {
    for (let i = 0; running; i++) {
      const query = READS[i % READS.length];
      await timed(reader, query.sql, query.params(sample), "reader");
      await pause();
    }
  })();
  return {
    stop: async () => {
      running = false;
      await Promise.all([writing, reading]);
      await Promise.all([writer.end(), reader.end()]);
      return result;
    },
  };
}
