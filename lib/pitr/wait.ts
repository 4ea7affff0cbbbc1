// Waiting for a cluster to take connections again (after a restart or a restore).
import { withPgClient } from "@/lib/db/pg-client";

export async function waitForDatabase(databaseUrl: string, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  for (;;) {
    const up = await withPgClient(databaseUrl, (c) => c.query("SELECT 1"), "legendai-pitr").then(
      () => true,
      () => false,
    );
    if (up) return;
    if (Date.now() > deadline) throw new Error(`the database did not answer within ${Math.round(ms / 1000)} s`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
