// npm run pitr:setup: everything point-in-time recovery needs on a
// self-hosted cluster, idempotently. The repository folder (the cluster's
// user's, outside BACKUP_DIR), the configuration file (0600, as that user),
// archiving handed to pgBackRest (ALTER SYSTEM: archive_mode needs a restart,
// done only with --restart), the stanza, pgBackRest's own check, and a first
// full backup if there is none. Each step says what it did.
import path from "node:path";
import { withPgClient } from "@/lib/db/pg-client";
import { directDatabaseUrl, env } from "@/lib/env";
import { UserFacingError } from "@/lib/errors";
import { clusterFacts, PitrUnavailableError, type ClusterFacts } from "@/lib/pitr/cluster";
import { archiveCommand, configFileText } from "@/lib/pitr/config-file";
import { pgbackrest, stanza, stanzaInfo } from "@/lib/pitr/pgbackrest";
import { runAsCluster } from "@/lib/pitr/run-as";
import { waitForDatabase } from "@/lib/pitr/wait";

export type SetupResult = { restartNeeded: boolean; firstBackup: boolean };
type Say = (line: string) => void;

const inside = (child: string, parent: string) => {
  const relative = path.relative(path.resolve(parent), path.resolve(child));
  return relative === "" || (!relative.startsWith("..") && !path.isAbsolute(relative));
};

async function checkPlaces(cluster: ClusterFacts): Promise<void> {
  const config = env();
  if (config.PITR_REPO_TYPE === "posix" && inside(config.PITR_REPO_PATH, config.BACKUP_DIR))
    throw new UserFacingError(
      `PITR_REPO_PATH (${config.PITR_REPO_PATH}) must be outside BACKUP_DIR (${config.BACKUP_DIR})`,
    );
  if (config.PITR_PG_HOST) return; // the data directory is on the database host, reached through its TLS server
  await runAsCluster("test", ["-d", cluster.dataDirectory]).catch(() => {
    throw new PitrUnavailableError(
      `the database's data directory (${cluster.dataDirectory}) is not on this host for ${config.PITR_RUN_AS}: ` +
        "run the app on the database host, or reach it through pgBackRest's TLS server (see the README)",
    );
  });
}

/** Writes `text` to `file` as the cluster's user, 0600, through a temporary file; false when it was already so. */
async function writeAsCluster(file: string, text: string): Promise<boolean> {
  const current = await runAsCluster("cat", [file]).catch(() => null);
  if (current === text) return false;
  await runAsCluster(
    "sh",
    ["-c", 'umask 077 && mkdir -p "$(dirname "$1")" && cat > "$1.tmp" && mv "$1.tmp" "$1"', "sh", file],
    { input: text },
  ).catch((error: Error) => {
    throw new UserFacingError(
      `cannot write PITR_CONFIG (${file}) as ${env().PITR_RUN_AS}: ${error.message}; ` +
        `create its folder for that user (install -d -o ${env().PITR_RUN_AS} ${path.dirname(file)}) or set PITR_CONFIG`,
    );
  });
  return true;
}

/** Archiving handed to pgBackRest; returns true when a restart is still needed for it to take effect. */
async function setArchiving(cluster: ClusterFacts, say: Say): Promise<boolean> {
  const config = env();
  const wanted = {
    archive_mode: "on",
    archive_command: archiveCommand(config, stanza()),
    archive_timeout: String(config.PITR_ARCHIVE_TIMEOUT_S),
    ...(cluster.walLevel === "minimal" ? { wal_level: "replica" } : {}),
  };
  await withPgClient(
    directDatabaseUrl(),
    async (client) => {
      for (const [name, value] of Object.entries(wanted)) {
        await client.query(`ALTER SYSTEM SET ${name} = '${value.replace(/'/g, "''")}'`);
      }
      await client.query("SELECT pg_reload_conf()");
    },
    "legendai-pitr",
  );
  say(`archiving: archive_command hands WAL to pgBackRest, archive_timeout = ${config.PITR_ARCHIVE_TIMEOUT_S}s`);
  return cluster.archiveMode !== "on" || cluster.walLevel === "minimal";
}

async function restart(say: Say): Promise<void> {
  const command = env().PITR_RESTART_COMMAND;
  if (!command) throw new UserFacingError("--restart needs PITR_RESTART_COMMAND (e.g. pg_ctlcluster 15 main restart)");
  say(`restarting the cluster: ${command}`);
  await runAsCluster("sh", ["-c", command]);
  await waitForDatabase(directDatabaseUrl(), 60_000);
}

export async function setupPitr(options: { restart: boolean }, say: Say): Promise<SetupResult> {
  const config = env();
  const name = stanza();
  let cluster = await clusterFacts();
  await checkPlaces(cluster);
  if (config.PITR_REPO_TYPE === "posix") {
    await runAsCluster("sh", ["-c", 'umask 027 && mkdir -p "$1" && chmod 750 "$1"', "sh", config.PITR_REPO_PATH]);
    say(`repository: ${config.PITR_REPO_PATH} (owned by ${config.PITR_RUN_AS}, 0750)`);
  } else say(`repository: s3://${config.S3_BUCKET}${config.PITR_REPO_PATH}`);
  const changed = await writeAsCluster(config.PITR_CONFIG, configFileText(config, name, cluster));
  say(
    `configuration: ${config.PITR_CONFIG} ${changed ? "written" : "unchanged"} (stanza ${name}${config.PITR_CIPHER_PASS ? ", encrypted aes-256-cbc" : ""})`,
  );
  if (await setArchiving(cluster, say)) {
    if (!options.restart) {
      say(
        "archive_mode takes effect only after a restart of Postgres: run again with --restart (PITR_RESTART_COMMAND), or restart it yourself and run again",
      );
      return { restartNeeded: true, firstBackup: false };
    }
    await restart(say);
    cluster = await clusterFacts();
  }
  await pgbackrest(["stanza-create"]);
  say(`stanza ${name}: created or already there`);
  await pgbackrest(["check"]);
  say("pgbackrest check: WAL archiving and the repository work");
  const info = await stanzaInfo();
  if (info.backup.length > 0) return { restartNeeded: false, firstBackup: false };
  say("no backup yet: taking the first full backup");
  await pgbackrest(["backup", "--type=full"]);
  say("first full backup taken: the cluster can be recovered to any second from now on");
  return { restartNeeded: false, firstBackup: true };
}
