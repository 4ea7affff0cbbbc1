// The pgBackRest configuration this app keeps for its cluster, as text: one
// stanza (the cluster on this host, or on another through its pgBackRest TLS
// server), one repository (a folder on this host or the S3 bucket), retention
// by count of full backups, optional encryption. Written by pitr:setup and
// read by every pgBackRest command, archive-push included.
import type { Env } from "@/lib/env";
import { UserFacingError } from "@/lib/errors";
import type { ClusterFacts } from "@/lib/pitr/cluster";

function repository(config: Env): string[] {
  const common = [
    `repo1-path=${config.PITR_REPO_PATH}`,
    `repo1-retention-full=${config.PITR_RETENTION_FULL}`,
    ...(config.PITR_CIPHER_PASS
      ? ["repo1-cipher-type=aes-256-cbc", `repo1-cipher-pass=${config.PITR_CIPHER_PASS}`]
      : []),
  ];
  if (config.PITR_REPO_TYPE === "posix") return common;
  if (!config.S3_BUCKET) throw new Error("PITR_REPO_TYPE=s3 needs S3_BUCKET (and the S3_* settings)");
  const endpoint = new URL(config.S3_ENDPOINT ?? `https://s3.${config.S3_REGION}.amazonaws.com`);
  return [
    "repo1-type=s3",
    ...common,
    `repo1-s3-bucket=${config.S3_BUCKET}`,
    `repo1-s3-endpoint=${endpoint.hostname}`,
    ...(endpoint.port ? [`repo1-storage-port=${endpoint.port}`] : []),
    `repo1-s3-region=${config.S3_REGION}`,
    `repo1-s3-key=${config.AWS_ACCESS_KEY_ID ?? ""}`,
    `repo1-s3-key-secret=${config.AWS_SECRET_ACCESS_KEY ?? ""}`,
    ...(config.S3_FORCE_PATH_STYLE ? ["repo1-s3-uri-style=path"] : []),
    ...(config.PITR_S3_CA_FILE ? [`repo1-storage-ca-file=${config.PITR_S3_CA_FILE}`] : []),
  ];
}

/** The database host: this host's cluster, or another host's through its pgBackRest TLS server. */
function databaseHost(config: Env): string[] {
  if (!config.PITR_PG_HOST) return [];
  const missing = (["PITR_TLS_CERT_FILE", "PITR_TLS_KEY_FILE", "PITR_TLS_CA_FILE"] as const).filter((n) => !config[n]);
  if (missing.length) throw new UserFacingError(`PITR_PG_HOST needs ${missing.join(", ")}`);
  return [
    `pg1-host=${config.PITR_PG_HOST}`,
    "pg1-host-type=tls",
    `pg1-host-port=${config.PITR_PG_HOST_PORT}`,
    `pg1-host-cert-file=${config.PITR_TLS_CERT_FILE}`,
    `pg1-host-key-file=${config.PITR_TLS_KEY_FILE}`,
    `pg1-host-ca-file=${config.PITR_TLS_CA_FILE}`,
  ];
}

export function configFileText(config: Env, stanza: string, cluster: ClusterFacts): string {
  return [
    "# Written by LegendAI Admin (npm run pitr:setup); changes here are overwritten by the next setup.",
    "[global]",
    ...repository(config),
    "start-fast=y",
    "log-level-console=info",
    "log-level-file=off",
    "",
    `[${stanza}]`,
    ...databaseHost(config),
    `pg1-path=${cluster.dataDirectory}`,
    `pg1-port=${cluster.port}`,
    `pg1-socket-path=${cluster.socketDirectory}`,
    "",
  ].join("\n");
}

/** The archive_command that hands each WAL segment to pgBackRest (on the database host, with its configuration). */
export const archiveCommand = (config: Env, stanza: string) =>
  `pgbackrest --config=${config.PITR_DB_HOST_CONFIG ?? config.PITR_CONFIG} --stanza=${stanza} archive-push %p`;
