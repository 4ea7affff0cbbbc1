// The facts about the database's cluster that PITR needs, read from the
// server itself: where its data directory is, how pgBackRest reaches it
// locally, and how archiving is set now. A managed database that hides them
// (no superuser, no data directory on this host) cannot have PITR here.
import { withPgClient } from "@/lib/db/pg-client";
import { directDatabaseUrl } from "@/lib/env";
import { UserFacingError } from "@/lib/errors";

export type ClusterFacts = {
  database: string;
  dataDirectory: string;
  port: number;
  socketDirectory: string;
  archiveMode: string;
  archiveCommand: string;
  archiveTimeoutS: number;
  walLevel: string;
  versionNum: number;
};

export class PitrUnavailableError extends UserFacingError {}

export async function clusterFacts(databaseUrl = directDatabaseUrl()): Promise<ClusterFacts> {
  return withPgClient(
    databaseUrl,
    async (client) => {
      const [role] = (
        await client.query<{ superuser: boolean }>(
          `SELECT rolsuper AS superuser FROM pg_roles WHERE rolname = current_user`,
        )
      ).rows;
      if (!role?.superuser)
        throw new PitrUnavailableError(
          "point-in-time recovery needs a superuser connection to the database (to read its data directory and set archiving); " +
            "a managed database without one keeps its provider's PITR, and the logical backups here carry on",
        );
      const { rows } = await client.query(
        `SELECT current_database() AS database, current_setting('data_directory') AS data_directory,
                current_setting('port')::int AS port, current_setting('unix_socket_directories') AS sockets,
                current_setting('archive_mode') AS archive_mode, current_setting('archive_command') AS archive_command,
                extract(epoch FROM current_setting('archive_timeout')::interval)::int AS archive_timeout_s,
                current_setting('wal_level') AS wal_level, current_setting('server_version_num')::int AS version_num`,
      );
      const r = rows[0];
      return {
        database: r.database,
        dataDirectory: r.data_directory,
        port: r.port,
        socketDirectory: String(r.sockets).split(",")[0].trim() || "/var/run/postgresql",
        archiveMode: r.archive_mode,
        archiveCommand: r.archive_command,
        archiveTimeoutS: r.archive_timeout_s,
        walLevel: r.wal_level,
        versionNum: r.version_num,
      };
    },
    "legendai-pitr",
  );
}
