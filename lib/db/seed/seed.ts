// `npm run db:seed`: demo data through the same batch paths the app uses.
// Running it again adds nothing twice: users and tickers are upserted, and
// tables that already hold data are left as they are.
import bcrypt from "bcryptjs";
import { BCRYPT_COST } from "@/lib/validation";
import { prisma } from "@/lib/db/client";
import type { Role } from "@/lib/generated/prisma/client";
import { saveScansBatch } from "@/lib/db/queries/scans";
import { countScans } from "@/lib/db/queries/scan-find";
import { COUNT_CAP } from "@/lib/db/queries/cursor";
import { withPgClient } from "@/lib/db/pg-client";
import { env } from "@/lib/env";
import { demoAlerts, demoScanLogs, demoScans, demoTickers, demoWatchlist } from "@/lib/db/seed/demo-data";

/** Local demo accounts (documented in the README; never use these anywhere else). */
export const DEMO_USERS = [
  { email: "admin@legendai.local", name: "Ada Admin", role: "admin", password: "admin-demo-pass" },
  { email: "operator@legendai.local", name: "Otto Operator", role: "operator", password: "operator-demo-pass" },
  { email: "trader@legendai.local", name: "Tess Trader", role: "trader", password: "trader-demo-pass" },
  ...["Ravi", "Mia", "Lars", "Noor", "Jonas"].map((name, i) => ({
    email: `trader${i + 2}@legendai.local`,
    name: `${name} Trader`,
    role: "trader" as const,
    password: "trader-demo-pass",
  })),
] satisfies { email: string; name: string; role: Role; password: string }[];

export type SeedOptions = {
  tickers?: number;
  scans?: number;
  alertsPerUser?: number;
  onProgress?: (line: string) => void;
};

const SCAN_CHUNK = 10_000;

export async function seedDemoData(options: SeedOptions = {}): Promise<void> {
  const say = options.onProgress ?? (() => {});
  const db = prisma();
  const now = new Date();
  const timed = async (label: string, work: () => Promise<string>) => {
    const started = performance.now();
    const result = await work();
    say(`${label}: ${result} (${((performance.now() - started) / 1000).toFixed(1)} s)`);
  };

  const tickers = demoTickers(options.tickers ?? 600);
  const symbols = tickers.map((t) => t.symbol);
  await timed("tickers", async () => {
    const { count } = await db.ticker.createMany({ data: tickers, skipDuplicates: true });
    return `${count} added, ${tickers.length - count} already there`;
  });

  const users = await (async () => {
    const started = performance.now();
    const result = [];
    for (const u of DEMO_USERS) {
      const passwordHash = await bcrypt.hash(u.password, BCRYPT_COST);
      result.push(
        await db.user.upsert({
          where: { email: u.email },
          update: {},
          create: { email: u.email, name: u.name, role: u.role, passwordHash },
        }),
      );
    }
    say(`users: ${result.length} demo accounts ready (${((performance.now() - started) / 1000).toFixed(1)} s)`);
    return result;
  })();

  await timed("pattern_scans", async () => {
    const existing = await countScans({});
    if (existing > 0) return `already holds ${existing > COUNT_CAP ? `over ${COUNT_CAP}` : existing} rows, left as is`;
    const scans = demoScans(options.scans ?? 100_000, symbols, { now });
    for (let i = 0; i < scans.length; i += SCAN_CHUNK) {
      await saveScansBatch(scans.slice(i, i + SCAN_CHUNK));
    }
    return `${scans.length} added`;
  });

  await timed("watchlists", async () => {
    const data = users.flatMap((user, i) =>
      demoWatchlist(symbols, 25 + i * 5, 100 + i, now).map((w) => ({ ...w, userId: user.id })),
    );
    const { count } = await db.watchlist.createMany({ data, skipDuplicates: true });
    return `${count} added`;
  });

  await timed("alert_logs", async () => {
    const existing = await db.alertLog.count();
    if (existing > 0) return `already holds ${existing} rows, left as is`;
    const data = users.flatMap((user, i) =>
      demoAlerts(symbols, options.alertsPerUser ?? 1500, 200 + i, now).map((a) => ({ ...a, userId: user.id })),
    );
    // Below Prisma's 32,766 bound values per INSERT: one statement per call.
    let added = 0;
    for (let i = 0; i < data.length; i += 4_000) {
      added += (await db.alertLog.createMany({ data: data.slice(i, i + 4_000) })).count;
    }
    return `${added} added`;
  });

  await timed("scan_logs", async () => {
    const existing = await db.scanLog.count();
    if (existing > 0) return `already holds ${existing} rows, left as is`;
    const { count } = await db.scanLog.createMany({ data: demoScanLogs(90, tickers.length, 3, now) });
    return `${count} added`;
  });
  // Fresh statistics for the planner; on a connection of its own, which no statement timeout cuts short.
  await withPgClient(env().DATABASE_URL, (client) => client.query("ANALYZE"), "legendai-seed");
}
