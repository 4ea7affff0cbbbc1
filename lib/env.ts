// The one place that reads process.env. Names and defaults are the ones the README's
// configuration table documents; a bad value stops the process with one
// line that names the variable, the value and what is accepted.
import { AsyncLocalStorage } from "node:async_hooks";
import { availableParallelism } from "node:os";
import { z } from "zod";
import { maskSecrets } from "@/lib/mask";

const BOOLEAN_WORDS: Record<string, boolean> = {
  true: true,
  "1": true,
  yes: true,
  on: true,
  false: false,
  "0": false,
  no: false,
  off: false,
};

const bool = (fallback: boolean) =>
  z
    .string()
    .optional()
    .transform((raw, ctx) => {
      if (raw === undefined) return fallback;
      const value = BOOLEAN_WORDS[raw.trim().toLowerCase()];
      if (value === undefined) {
        ctx.addIssue({ code: "custom", message: "expected true or false (also 1/0, yes/no, on/off)" });
        return z.NEVER;
      }
      return value;
    });

const number = (fallback: number, opts: { min: number; max?: number; integer?: boolean }) =>
  z
    .string()
    .optional()
    .transform((raw, ctx) => {
      if (raw === undefined) return fallback;
      const value = Number(raw.trim());
      const kind = opts.integer ? "a whole number" : "a number";
      const range = opts.max === undefined ? `>= ${opts.min}` : `from ${opts.min} to ${opts.max}`;
      const ok =
        raw.trim() !== "" &&
        Number.isFinite(value) &&
        (!opts.integer || Number.isInteger(value)) &&
        value >= opts.min &&
        (opts.max === undefined || value <= opts.max);
      if (!ok) {
        ctx.addIssue({ code: "custom", message: `expected ${kind} ${range}` });
        return z.NEVER;
      }
      return value;
    });

function isUrl(value: string, protocols: string[]): boolean {
  try {
    return protocols.includes(new URL(value).protocol);
  } catch {
    return false;
  }
}

const url = (protocols: string[]) =>
  z.string().refine((value) => isUrl(value, protocols), {
    message: `expected a URL starting with ${protocols.map((p) => `${p}//`).join(" or ")}`,
  });

const text = () => z.string().optional();

/** A comma-separated list of URLs (empty or unset: none). */
const urlList = (protocols: string[]) =>
  z
    .string()
    .optional()
    .transform((raw, ctx) => {
      const urls = (raw ?? "")
        .split(",")
        .map((u) => u.trim())
        .filter(Boolean);
      const bad = urls.find((u) => !isUrl(u, protocols));
      if (bad !== undefined) {
        ctx.addIssue({ code: "custom", message: `expected URLs starting with ${protocols.join("// or ")}//` });
        return z.NEVER;
      }
      return urls;
    });

const schema = z.object({
  DATABASE_URL: url(["postgresql:", "postgres:"]).default("postgresql://postgres@127.0.0.1:5432/legendai"),
  /** A direct connection (not PgBouncer) for what needs a session: migrations, the operations lock, pg_dump, restores. */
  DIRECT_DATABASE_URL: url(["postgresql:", "postgres:"]).optional(),
  /** An empty database the schema-drift check may wipe and rebuild, for a role that cannot CREATE DATABASE. */
  SHADOW_DATABASE_URL: url(["postgresql:", "postgres:"]).optional(),
  /** Streaming replicas that may serve reads (comma-separated); reads that must see the latest write go to DATABASE_URL. */
  DATABASE_REPLICA_URLS: urlList(["postgresql:", "postgres:"]),
  /** Each replica's pool size (default DB_POOL_SIZE). */
  DB_REPLICA_POOL_SIZE: number(0, { min: 0, max: 1000, integer: true }),
  /** A replica further behind than this many seconds serves no reads until it catches up. */
  DB_REPLICA_MAX_LAG_S: number(10, { min: 0.1, max: 86_400 }),
  REDIS_URL: url(["redis:", "rediss:"]).default("redis://127.0.0.1:6379"),
  REDIS_KEY_PREFIX: z.string().default("legendai:"),
  DB_POOL_SIZE: number(5, { min: 1, max: 1000, integer: true }),
  DB_MAX_OVERFLOW: number(10, { min: 0, max: 1000, integer: true }),
  DB_POOL_TIMEOUT: number(30, { min: 0.001, max: 3600 }),
  DB_POOL_RECYCLE: number(3600, { min: 0, integer: true }),
  DB_POOL_PRE_PING: bool(true),
  /** A connection used less than this many ms ago is handed out without a pre-ping (HikariCP's aliveBypassWindowMs). */
  DB_POOL_PRE_PING_WINDOW_MS: number(500, { min: 0, max: 3_600_000, integer: true }),
  /**
   * Seconds a statement may take, connection included: Postgres cancels (and rolls back) a statement
   * at this limit, or a lock not granted by then; 0 = no limit.
   */
  DB_STATEMENT_TIMEOUT: number(5, { min: 0, max: 3600 }),
  /**
   * A pool connection held longer than this (ms) is a leak: logged once with where it was taken,
   * counted, and an incident; 0 = off. No request holds one longer than a statement or two.
   */
  DB_POOL_LEAK_DETECTION_MS: number(60_000, { min: 0, max: 86_400_000, integer: true }),
  DEBUG: bool(false),
  // Cache TTLs (seconds) per kind of cached query.
  CACHE_TTL_TICKERS: number(3600, { min: 1, integer: true }),
  CACHE_TTL_SCANS: number(300, { min: 1, integer: true }),
  CACHE_TTL_WATCHLISTS: number(180, { min: 1, integer: true }),
  CACHE_TTL_ALERTS: number(600, { min: 1, integer: true }),
  BACKUP_DIR: z.string().default("./backups"),
  KEEP_DAYS: number(7, { min: 0, max: 36500, integer: true }),
  S3_BUCKET: text(),
  S3_KEEP_DAYS: number(30, { min: 0, max: 36500, integer: true }),
  S3_ENDPOINT: url(["http:", "https:"]).optional(),
  S3_REGION: z.string().default("us-east-1"),
  S3_FORCE_PATH_STYLE: bool(false),
  /** Seconds one S3 request (other than a transfer) may take: the listing, a HEAD, a manifest. */
  S3_TIMEOUT_S: number(5, { min: 0.1, max: 600 }),
  AWS_ACCESS_KEY_ID: text(),
  AWS_SECRET_ACCESS_KEY: text(),
  /** The crontab program setup_backup_cron.sh uses (tests point it at a stand-in). */
  CRONTAB_COMMAND: z.string().default("crontab"),
  NEXTAUTH_SECRET: text(),
  /** The site's address as users reach it; https turns on secure cookies and Strict-Transport-Security. */
  NEXTAUTH_URL: url(["http:", "https:"]).optional(),
  /**
   * How many proxies in front of the app append to X-Forwarded-For (nginx, a load balancer): the
   * client's address is the entry the outermost one added. 0: the socket's peer, X-Forwarded-For ignored.
   */
  TRUSTED_PROXY_HOPS: number(0, { min: 0, max: 10, integer: true }),
  /**
   * Password checks run at once, each on a worker thread (default: one less than the CPUs, at least 1);
   * sign-ins beyond these and a short queue are answered 429 with Retry-After.
   */
  SIGN_IN_CONCURRENCY: number(Math.max(1, availableParallelism() - 1), { min: 1, max: 64, integer: true }),
  SCANNER_API_TOKEN: text(),
  /** Days the audit log keeps an entry (pruned hourly); 0 keeps every entry. */
  AUDIT_KEEP_DAYS: number(365, { min: 0, max: 36500, integer: true }),
  /** Bearer token for Prometheus scrapes of /api/metrics (signed-in operators and admins need none). */
  METRICS_TOKEN: text(),
  // Incidents: where their messages go (either, both or neither), and how often the rules are checked.
  /** Slack-compatible incoming webhook: a JSON body with "text". */
  ALERT_WEBHOOK_URL: url(["http:", "https:"]).optional(),
  /** smtp://user:pass@host:port or smtps://…; with ALERT_EMAIL_TO. */
  SMTP_URL: url(["smtp:", "smtps:"]).optional(),
  /** Comma-separated addresses. */
  ALERT_EMAIL_TO: text(),
  ALERT_EMAIL_FROM: z.string().default("LegendAI Admin <legendai-admin@localhost>"),
  /** Seconds between evaluations of the incident rules (one instance evaluates each time). */
  ALERT_EVALUATE_EVERY_S: number(60, { min: 1, max: 3600, integer: true }),
  /** Seconds an outage (Postgres, Redis, S3, a delivery channel, BACKUP_DIR) must last before its incident fires. */
  ALERT_OUTAGE_FOR_S: number(60, { min: 0, max: 86_400, integer: true }),
  /** Seconds one webhook call or e-mail may take before that channel counts as failing. */
  ALERT_DELIVERY_TIMEOUT_S: number(5, { min: 0.1, max: 600 }),
  // Why queries got slow (lib/monitoring/waits, lib/monitoring/plans).
  /** Active sessions are sampled this often (ms) by one instance; 0 turns the sampler off. */
  WAIT_SAMPLE_EVERY_MS: number(1000, { min: 0, max: 60_000, integer: true }),
  /** Each query family's plan is captured (EXPLAIN, no ANALYZE) at most once per this many minutes per instance. */
  PLAN_CAPTURE_EVERY_MIN: number(10, { min: 0.01, max: 1440 }),
  /** Migrations refuse to run unless the same pending migrations were rehearsed (npm run db:migrate -- --rehearse). */
  REQUIRE_REHEARSAL: bool(false),
  // Point-in-time recovery on pgBackRest (lib/pitr). Off until PITR_STANZA is set (npm run pitr:setup).
  /** pgBackRest's stanza for this cluster; unset: PITR is not set up, logical backups carry on alone. */
  PITR_STANZA: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,64}$/, "letters, digits, - and _ only")
    .optional(),
  /** The pgBackRest configuration file that pitr:setup writes and every command reads. */
  PITR_CONFIG: z.string().default("/etc/pgbackrest/legendai.conf"),
  /** The repository folder (posix), owned by the cluster's OS user, outside BACKUP_DIR; or the prefix in S3. */
  PITR_REPO_PATH: z.string().default("/var/lib/pgbackrest"),
  /** posix: a folder on this host; s3: the S3_* bucket (pgBackRest speaks https to it). */
  PITR_REPO_TYPE: z.enum(["posix", "s3"]).default("posix"),
  /** A CA certificate for an S3 endpoint whose certificate no public CA signed (tests, a private store). */
  PITR_S3_CA_FILE: text(),
  /** Encrypts the repository (aes-256-cbc) when set. Keep a copy elsewhere: without it nothing can be restored. */
  PITR_CIPHER_PASS: text(),
  /** The cluster's OS user: pgBackRest and Postgres run as it (runuser as root, else sudo -n -u; nothing when already it). */
  PITR_RUN_AS: z.string().default("postgres"),
  /** Where the WAL is forced out at the latest, in seconds: what an idle-then-written database can lose at most. */
  PITR_ARCHIVE_TIMEOUT_S: number(60, { min: 1, max: 3600, integer: true }),
  /** Full backups kept (with their differentials and WAL). */
  PITR_RETENTION_FULL: number(2, { min: 1, max: 100, integer: true }),
  /** Scratch clusters for table recovery and drills: each in a folder of its own here, always removed. */
  PITR_SCRATCH_DIR: z.string().default("/var/tmp/legendai-pitr"),
  /** Commands (run as PITR_RUN_AS) that restart, stop and start the cluster: archive_mode and in-place PITR need them. */
  PITR_RESTART_COMMAND: text(),
  PITR_STOP_COMMAND: text(),
  PITR_START_COMMAND: text(),
  /** A database on another host: its pgBackRest TLS server (`pgbackrest server`), reached with the client certificate below. */
  PITR_PG_HOST: text(),
  PITR_PG_HOST_PORT: number(8432, { min: 1, max: 65535, integer: true }),
  /** This host's client certificate and key for the database host's TLS server, and the CA that signed that server's. */
  PITR_TLS_CERT_FILE: text(),
  PITR_TLS_KEY_FILE: text(),
  PITR_TLS_CA_FILE: text(),
  /** The pgBackRest configuration's path on the database host (archive_command names it); default PITR_CONFIG. */
  PITR_DB_HOST_CONFIG: text(),
  // OpenTelemetry traces (lib/tracing): off unless an OTLP endpoint is set. The exporter also reads
  // OTEL_EXPORTER_OTLP_HEADERS, OTEL_EXPORTER_OTLP_TIMEOUT and their _TRACES_ forms itself.
  /** An OTLP/HTTP collector's base address (/v1/traces is added), e.g. http://otel-collector:4318. */
  OTEL_EXPORTER_OTLP_ENDPOINT: url(["http:", "https:"]).optional(),
  /** The traces endpoint in full, when it differs from OTEL_EXPORTER_OTLP_ENDPOINT + /v1/traces. */
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: url(["http:", "https:"]).optional(),
  OTEL_SERVICE_NAME: z.string().default("legendai-admin"),
  /** The share of requests traced (a trace started upstream keeps its caller's decision). */
  OTEL_TRACES_SAMPLER_ARG: number(1, { min: 0, max: 1 }),
});

export type Env = z.output<typeof schema>;

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ConfigError";
  }
}

/** Parses an environment (process.env by default). Empty strings count as unset. */
export function loadEnv(source: Record<string, string | undefined> = process.env): Env {
  const input: Record<string, string> = {};
  for (const key of Object.keys(schema.shape)) {
    const value = source[key];
    if (value !== undefined && value !== "") input[key] = value;
  }
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const name = String(issue.path[0]);
  throw new ConfigError(
    `Invalid configuration: ${name}=${JSON.stringify(maskSecrets(input[name] ?? ""))} (${issue.message})`,
  );
}

let cached: Env | undefined;
const scoped = new AsyncLocalStorage<Env>();

/**
 * The validated configuration, read once per process. Every module reads its
 * settings here, at call time; nothing passes configuration down.
 */
export function env(): Env {
  return scoped.getStore() ?? processEnv();
}

/**
 * The process's own configuration, whatever scope it is called in: for what
 * lives as long as the process (the pool, the Prisma client, Redis, the cache).
 */
export function processEnv(): Env {
  cached ??= loadEnv();
  return cached;
}

/**
 * Where work that needs a session goes (migrations, the one-at-a-time lock,
 * pg_dump, psql): DIRECT_DATABASE_URL when the app's DATABASE_URL is a
 * transaction-mode PgBouncer, else DATABASE_URL itself.
 */
export function directDatabaseUrl(): string {
  const config = env();
  return config.DIRECT_DATABASE_URL ?? config.DATABASE_URL;
}

/**
 * Runs `work` (and everything it starts, background jobs included) with
 * another configuration: tests use it for a scratch database and BACKUP_DIR.
 * Settings read at call time follow it; the process-wide connections
 * (processEnv) do not.
 */
export function withEnv<T>(config: Env, work: () => T): T {
  return scoped.run(config, work);
}

/**
 * Settings a production server cannot run without. Checked at server start so
 * that a missing secret stops `next start` with one line, instead of every
 * sign-in failing later inside next-auth.
 */
export function checkServerSettings(config: Env, nodeEnv: string | undefined): void {
  if (nodeEnv === "production" && !config.NEXTAUTH_SECRET) {
    throw new ConfigError(
      "Missing configuration: NEXTAUTH_SECRET is required to sign sessions " +
        "(make one with `openssl rand -base64 32` and set it, or run `npm run demo`, which writes one to .env.local)",
    );
  }
}

/** For entry points (CLI, server start): print a config error as one line and exit. */
export function envOrExit({ server = false } = {}): Env {
  try {
    const config = env();
    if (server) checkServerSettings(config, process.env.NODE_ENV);
    return config;
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
}
