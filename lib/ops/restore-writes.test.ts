// No acknowledged write is lost to a restore: a writer commits rows while
// restores run, and every row it was told was written is afterwards either
// in the restored database or in the restore's safety backup.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import pg from "pg";
import { closeDb } from "@/lib/db/client";
import { startBackup } from "@/lib/ops/backup";
import { readManifest } from "@/lib/ops/manifest";
import { replayBackup } from "@/lib/ops/psql";
import { startRestore } from "@/lib/ops/restore";
import { opsFixture, query, type OpsFixture } from "@/test/ops-fixture";
import { createScratchDb } from "@/test/scratch-db";

const RUNS = 3;
let fx: OpsFixture;

beforeAll(async () => {
  fx = await opsFixture("writes", { scans: 20_000 });
});
afterAll(async () => {
  await fx.cleanup();
  await closeDb();
});

/** Inserts one row at a time, as fast as it can, recording each acknowledged row and how long it took. */
function startWriter(url: string, run: number) {
  const client = new pg.Client({ connectionString: url, application_name: "test-writer" });
  const acknowledged: number[] = [];
  let failures = 0;
  let slowestMs = 0;
  let stop = false;
  const done = (async () => {
    await client.connect();
    client.on("error", () => {});
    for (let seq = 1; !stop; seq++) {
      const started = performance.now();
      try {
        await client.query(
          `INSERT INTO pattern_scans (ticker, pattern_type, score, details) VALUES ('WRITER', 'VCP', 5, jsonb_build_object('run', $1::int, 'seq', $2::int))`,
          [run, seq],
        );
        acknowledged.push(seq);
      } catch {
        failures += 1; // refused, not acknowledged: the writer knows it was not written
      }
      slowestMs = Math.max(slowestMs, performance.now() - started);
    }
    await client.end();
  })();
  return {
    stop: async () => {
      stop = true;
      await done;
      return { acknowledged, failures, slowestMs };
    },
  };
}

const seqsIn = async (url: string, run: number) =>
  new Set(
    (
      await query<{ seq: number }>(
        url,
        `SELECT (details->>'seq')::int AS seq FROM pattern_scans WHERE ticker = 'WRITER' AND (details->>'run')::int = $1`,
        [run],
      )
    ).map((r) => r.seq),
  );

describe("a restore with a writer committing rows", () => {
  it(`loses no acknowledged write over ${RUNS} runs, and reports how long writes waited`, async () => {
    for (let run = 1; run <= RUNS; run++) {
      await (
        await fx.run(() => startBackup({ actor: "op@x" }))
      ).done;
      const writer = startWriter(fx.url, run);
      await new Promise((resolve) => setTimeout(resolve, 300));
      const result = await (await fx.run(() => startRestore({ kind: "latest" }, "op@x"))).done;
      await new Promise((resolve) => setTimeout(resolve, 300));
      const { acknowledged, failures, slowestMs } = await writer.stop();

      const restored = await seqsIn(fx.url, run);
      const safety = await createScratchDb("safety");
      try {
        await replayBackup(safety.url, result.safetyBackup!, (await readManifest(result.safetyBackup!))!.roles ?? null);
        const inSafety = await seqsIn(safety.url, run);
        const lost = acknowledged.filter((seq) => !restored.has(seq) && !inSafety.has(seq));
        console.log(
          `run ${run}: ${acknowledged.length} acknowledged, ${failures} refused, ${lost.length} lost; ` +
            `writes held ${result.writesHeldMs} ms, slowest write ${Math.round(slowestMs)} ms`,
        );
        expect(acknowledged.length).toBeGreaterThan(10);
        expect(lost).toEqual([]);
        expect(inSafety.size).toBeGreaterThan(0); // the writer ran before the restore took hold
        expect(result.writesHeldMs).toBeGreaterThan(0);
      } finally {
        await safety.drop();
      }
    }
  });
});
