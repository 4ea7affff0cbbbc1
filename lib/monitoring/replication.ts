// Replication as the Activity tab shows it: each read replica the app routes
// reads to (DATABASE_REPLICA_URLS, as this instance last checked it), every
// standby streaming from the primary (pg_stat_replication), and the slots.
import { replicaSet } from "@/lib/db/client";
import type { ReplicaState } from "@/lib/db/replicas/replica-set";

export type { ReplicaState };
import { readCounts, type ReadCounts } from "@/lib/db/replicas/reads";
import { sql } from "@/lib/db/sql";
import { slotStates, type SlotState } from "@/lib/monitoring/server-state";

export type Standby = {
  application: string;
  address: string | null;
  state: string;
  lagBytes: number | null;
  replayLagSeconds: number | null;
};

export type Replication = {
  replicas: ReplicaState[];
  standbys: Standby[];
  slots: SlotState[];
  reads: ReadCounts;
};

const standbys = () =>
  sql<Standby>(
    "Replication.standbys",
    `SELECT application_name AS application, client_addr::text AS address, state,
            CASE WHEN pg_is_in_recovery() THEN NULL ELSE pg_wal_lsn_diff(pg_current_wal_lsn(), replay_lsn)::float8 END AS "lagBytes",
            extract(epoch FROM replay_lag)::float8 AS "replayLagSeconds"
       FROM pg_stat_replication ORDER BY application_name, client_addr`,
  );

export async function replication(): Promise<Replication> {
  const [streaming, slots] = await Promise.all([standbys(), slotStates()]);
  return { replicas: replicaSet()?.status() ?? [], standbys: streaming, slots, reads: readCounts() };
}
