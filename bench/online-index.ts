// online_index: while a writer inserts scans one at a time into the 1M-row
// table, the pattern_scans indexes are built plainly (CREATE INDEX: inserts
// wait for the whole build) and CONCURRENTLY (inserts go on). Reports the
// writer's insert latency during each build and the build's duration.
import pg from "pg";
import { percentile } from "@/lib/percentile";

const INDEXES = [
  `"ix_pattern_scans_scanned_at" ON "pattern_scans"("scanned_at" DESC)`,
  `"ix_pattern_scans_type_scanned_at" ON "pattern_scans"("pattern_type", "scanned_at" DESC, "id" DESC, "score")`,
  `"ix_pattern_scans_ticker" ON "pattern_scans"("ticker", "scanned_at" DESC, "pattern_type", "score", "pivot_price", "entry_price")`,
];

export type OnlineIndexVariant = { p50_ms: number; p99_ms: number; max_ms: number; build_ms: number; writes: number };
export type OnlineIndexResult = {
  name: "online_index";
  variants: Record<"plain" | "concurrently", OnlineIndexVariant>;
};

const round = (n: number) => Math.round(n * 100) / 100;

async function measure(databaseUrl: string, concurrently: boolean): Promise<OnlineIndexVariant> {
  const builder = new pg.Client({ connectionString: databaseUrl, application_name: "bench-build" });
  const writer = new pg.Client({ connectionString: databaseUrl, application_name: "bench-writer" });
  await Promise.all([builder.connect(), writer.connect()]);
  try {
    for (const index of INDEXES) await builder.query(`DROP INDEX IF EXISTS ${index.split(" ON ")[0]}`);
    const latencies: number[] = [];
    let building = false;
    let stop = false;
    const writing = (async () => {
      while (!stop) {
        const started = performance.now();
        await writer.query(
          `INSERT INTO pattern_scans (ticker, pattern_type, score, scanned_at) VALUES ('ONLINE', 'VCP', 5, now())`,
        );
        if (building) latencies.push(performance.now() - started);
      }
    })();
    await new Promise((resolve) => setTimeout(resolve, 300));
    building = true;
    const started = performance.now();
    for (const index of INDEXES) await builder.query(`CREATE INDEX ${concurrently ? "CONCURRENTLY " : ""}${index}`);
    const buildMs = performance.now() - started;
    building = false;
    stop = true;
    await writing;
    const sorted = latencies.sort((a, b) => a - b);
    await builder.query(`DELETE FROM pattern_scans WHERE ticker = 'ONLINE'`);
    return {
      p50_ms: round(percentile(sorted, 50)),
      p99_ms: round(percentile(sorted, 99)),
      max_ms: round(sorted.at(-1) ?? 0),
      build_ms: Math.round(buildMs),
      writes: sorted.length,
    };
  } finally {
    await Promise.all([builder.end(), writer.end()]);
  }
}

export async function onlineIndexCase(databaseUrl: string): Promise<OnlineIndexResult> {
  const plain = await measure(databaseUrl, false);
  const concurrently = await measure(databaseUrl, true);
  return { name: "online_index", variants: { plain, concurrently } };
}

export function onlineIndexReport(result: OnlineIndexResult): string {
  const lines = [
    "| online_index variant | writer p50 ms | writer p99 ms | writer max ms | build ms | writes during build |",
    "| --- | ---: | ---: | ---: | ---: | ---: |",
  ];
  for (const [name, v] of Object.entries(result.variants)) {
    lines.push(`| ${name} | ${v.p50_ms} | ${v.p99_ms} | ${v.max_ms} | ${v.build_ms} | ${v.writes} |`);
  }
  const ratio = result.variants.plain.max_ms / Math.max(result.variants.concurrently.max_ms, 0.001);
  lines.push(
    `\nTarget: writer max latency plain / concurrently ≥ 20: ${ratio.toFixed(1)} (${ratio >= 20 ? "yes" : "**no**"})`,
  );
  return lines.join("\n");
}
