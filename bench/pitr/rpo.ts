// The recovery point, measured: acknowledged writes (one row a commit, about
// 20 a second, each with the moment its commit was acknowledged), then the
// postmaster killed with SIGKILL (the server is lost), then the cluster
// recovered from the archive alone to its latest point in a scratch cluster.
// Every write acknowledged more than 2 × archive_timeout before the crash must
// be there; the lost ones say how far back the loss reaches.
import pg from "pg";
import { liveDatabaseName, startScratch } from "@/lib/pitr/scratch";
import type { PrivatePostgres } from "@/test/private-cluster";
import { query } from "@/test/sql";

export type RpoResult = {
  acked_writes: number;
  lost_acked_writes_older_than_2x_archive_timeout: number;
  lost_acked_writes: number;
  /** How long before the crash the oldest lost write was acknowledged (0: nothing lost). */
  newest_lost_age_s: number;
};

export async function measureRpo(
  cluster: PrivatePostgres,
  liveUrl: string,
  archiveTimeoutS: number,
  seconds: number,
): Promise<RpoResult> {
  await query(liveUrl, "CREATE TABLE rpo_probe (id bigserial PRIMARY KEY, note text)");
  const writer = new pg.Client({ connectionString: liveUrl });
  writer.on("error", () => {}); // the crash ends it
  await writer.connect();
  const acked = new Map<number, number>();
  const until = Date.now() + seconds * 1000;
  while (Date.now() < until) {
    const { rows } = await writer.query<{ id: string }>("INSERT INTO rpo_probe (note) VALUES ('w') RETURNING id");
    acked.set(Number(rows[0].id), Date.now());
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const [archiver] = await query<{ last: string; current: string }>(
    liveUrl,
    "SELECT last_archived_wal AS last, pg_walfile_name(pg_current_wal_lsn()) AS current FROM pg_stat_archiver",
  );
  const crashAt = Date.now();
  cluster.crash();
  console.error(`[pitr] crashed with ${archiver.last} archived, ${archiver.current} being written`);
  const scratch = await startScratch(liveDatabaseName(), { type: "latest" });
  try {
    const present = new Set(
      (await query<{ id: string }>(scratch.url(liveDatabaseName()), "SELECT id FROM rpo_probe")).map((r) =>
        Number(r.id),
      ),
    );
    const lost = [...acked].filter(([id]) => !present.has(id));
    const old = lost.filter(([, at]) => crashAt - at > 2 * archiveTimeoutS * 1000);
    const oldestLost = Math.min(...lost.map(([, at]) => at));
    return {
      acked_writes: acked.size,
      lost_acked_writes_older_than_2x_archive_timeout: old.length,
      lost_acked_writes: lost.length,
      newest_lost_age_s: lost.length ? Math.round((crashAt - oldestLost) / 100) / 10 : 0,
    };
  } finally {
    await scratch.remove();
    await writer.end().catch(() => {});
  }
}
