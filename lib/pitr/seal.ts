// Before recovering to a moment, the archive must hold a commit made after
// it: Postgres replays until it meets a commit past the target, and stops
// with an error if the archive ends first (a quiet database's last commit
// may be before the moment asked for). Sealing commits an empty transaction
// stamped now, switches the WAL segment, and waits until the archiver has it.
import { withPgClient } from "@/lib/db/pg-client";
import { directDatabaseUrl } from "@/lib/env";

export async function sealArchive(timeoutMs = 30_000): Promise<boolean> {
  return withPgClient(
    directDatabaseUrl(),
    async (client) => {
      await client.query("SELECT pg_current_xact_id()"); // a transaction id, so its commit is written and stamped
      const [{ wal }] = (await client.query<{ wal: string }>("SELECT pg_walfile_name(pg_switch_wal()) AS wal")).rows;
      const deadline = Date.now() + timeoutMs;
      while (Date.now() < deadline) {
        const [{ last }] = (
          await client.query<{ last: string | null }>("SELECT last_archived_wal AS last FROM pg_stat_archiver")
        ).rows;
        if (last && last >= wal) return true;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      return false;
    },
    "legendai-pitr",
  );
}
