// Before recovering to a moment, the archive must hold a commit made after
// it: Postgres replays until it meets a commit past the target, and stops
// with an error if the archive ends first (a quiet database's last commit
// may be before the moment asked for). Sealing commits an empty transaction
// stamped now, switches the WAL segment, and waits until the archiver has it.
import type pg from "pg";
import { withPgClient } from "@/lib/db/pg-client";
import { directDatabaseUrl } from "@/lib/env";

/**
 * Whether WAL segment `wal` is in the archive: its ".ready" mark is gone from
 * pg_wal/archive_status. (pg_stat_archiver's last archived name does not say
 * so: a backup's history file archived after a later segment sorts before it.)
 */
export async function segmentArchived(client: pg.Client, wal: string): Promise<boolean> {
  const { rows } = await client.query<{ waiting: boolean }>(
    "SELECT EXISTS (SELECT 1 FROM pg_ls_archive_statusdir() WHERE name = $1 || '.ready') AS waiting",
    [wal],
  );
  return !rows[0].waiting;
}

export async function sealArchive(timeoutMs = 30_000): Promise<boolean> {
  return withPgClient(
    directDatabaseUrl(),
    async (client) => {
      await client.query("SELECT pg_current_xact_id()"); // a transaction id, so its commit is written and stamped
      const [{ wal }] = (await client.query<{ wal: string }>("SELECT pg_walfile_name(pg_switch_wal()) AS wal")).rows;
      const deadline = Date.now() + timeoutMs;
      while (Date.now() < deadline) {
        if (await segmentArchived(client, wal)) return true;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      return false;
    },
    "legendai-pitr",
  );
}
