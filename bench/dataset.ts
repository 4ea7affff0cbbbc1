// The benchmark's data: 1,000,000 pattern scans over 90 days (through the
// app's COPY path), 5,000 users with 40 watchlist items and 200 alerts each;
// `scale` multiplies all of it (10: ten million scans over the same 90 days,
// so every date filter finds ten times the rows).
import { withPgClient } from "@/lib/db/pg-client";
import { prisma } from "@/lib/db/client";
import { copyScans } from "@/lib/db/queries/scan-copy";
import { validateScans } from "@/lib/db/queries/scan-input";
import { DAY_MS, demoScans, demoTickers } from "@/lib/db/seed/demo-data";

export const BENCH_SIZES = { scans: 1_000_000, users: 5_000, watchlistPerUser: 40, alertsPerUser: 200 };

/** Scans are generated and copied this many at a time (memory stays flat at any scale). */
const SCANS_PER_CHUNK = 100_000;

export async function seedBenchData(databaseUrl: string, say: (line: string) => void, scale = 1): Promise<void> {
  const started = performance.now();
  const sizes = {
    scans: BENCH_SIZES.scans * scale,
    users: BENCH_SIZES.users * scale,
  };
  const tickers = demoTickers(600);
  await prisma().ticker.createMany({ data: tickers });
  const symbols = tickers.map((t) => t.symbol);
  const chunks = sizes.scans / SCANS_PER_CHUNK;
  const days = 90 / chunks;
  const now = Date.now();
  for (let i = 0; i < chunks; i++) {
    const chunkEnd = new Date(now - (chunks - 1 - i) * days * DAY_MS);
    await copyScans(validateScans(demoScans(SCANS_PER_CHUNK, symbols, { now: chunkEnd, days, seed: 100 + i })));
    if ((i + 1) % 10 === 0) say(`  ${((i + 1) * SCANS_PER_CHUNK).toLocaleString("en")} scans written`);
  }

  await withPgClient(databaseUrl, async (client) => {
    await client.query(
      `INSERT INTO users (email, name, role, password_hash)
      SELECT 'bench' || g || '@legendai.local', 'Bench User ' || g, 'trader', 'x' FROM generate_series(1, $1) g`,
      [sizes.users],
    );
    await client.query(
      `INSERT INTO watchlists (user_id, ticker, pattern_type, target_price, added_at, triggered_at)
      SELECT u, (SELECT array_agg(symbol ORDER BY id) FROM tickers)[1 + (u * 7 + w * 13) % 600], 'VCP', 50 + w,
             now() - random() * interval '90 days',
             CASE WHEN random() < 0.3 THEN now() - random() * interval '30 days' END
        FROM generate_series(1, $1) u, generate_series(1, $2) w`,
      [sizes.users, BENCH_SIZES.watchlistPerUser],
    );
    await client.query(
      `INSERT INTO alert_logs (user_id, ticker, alert_type, channel, message, alert_sent_at)
      SELECT u, (SELECT array_agg(symbol ORDER BY id) FROM tickers)[1 + (u * 11 + a * 7) % 600], (ARRAY['PIVOT_BREAKOUT','PATTERN_FOUND','PRICE_TARGET','VOLUME_SURGE'])[1 + a % 4], 'telegram',
             'alert ' || a, now() - random() * interval '90 days'
        FROM generate_series(1, $1) u, generate_series(1, $2) a`,
      [sizes.users, BENCH_SIZES.alertsPerUser],
    );
    say(`  users, watchlists and alerts written`);
    await client.query("VACUUM ANALYZE");
  });
  say(`  dataset ready in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}
