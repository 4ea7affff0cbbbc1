// pg_dump streamed through gzip into a file, never held in memory, from an
// exported snapshot: the manifest's row counts and checksums describe exactly
// the rows the dump holds.
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { createReadStream, createWriteStream } from "node:fs";
import { stat } from "node:fs/promises";
import { PassThrough, Transform, Writable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { createGunzip, createGzip } from "node:zlib";
import pg from "pg";
import { maskSecrets } from "@/lib/log/mask";
import { childEnvironment } from "@/lib/ops/pg-tools";
import { referencedRoles } from "@/lib/ops/privileges";
import { readTableStats, type TableStats } from "@/lib/ops/table-stats";

/** pg_dump's last line: a dump without it was cut short. */
export const DUMP_COMPLETE = "-- PostgreSQL database dump complete";

export type DumpResult = {
  sha256: string;
  sizeBytes: number;
  tables: TableStats;
  migrations: string[];
  /** The roles the dump's objects belong or are granted to. */
  roles: string[];
  postgresVersion: string;
};

function counter(onBytes: (total: number) => void): Transform {
  let total = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      total += chunk.length;
      onBytes(total);
      callback(null, chunk);
    },
  });
}

function hasher(hash: ReturnType<typeof createHash>): Transform {
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      hash.update(chunk);
      callback(null, chunk);
    },
  });
}

async function appliedMigrations(client: pg.Client): Promise<string[]> {
  const exists = await client.query(`SELECT to_regclass('"_prisma_migrations"') AS t`);
  if (!exists.rows[0].t) return [];
  const { rows } = await client.query<{ name: string }>(
    `SELECT migration_name AS name FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL ORDER BY 1`,
  );
  return rows.map((r) => r.name);
}

export type DumpOptions = {
  /**
   * A snapshot exported by another transaction (a restore's, which holds the
   * write locks): dump exactly that state. Without one, the dump exports its own.
   */
  snapshot?: string;
  /** Stops pg_dump and fails the dump (the operation's lock was lost, or it was cancelled). */
  signal?: AbortSignal;
};

/**
 * Dumps `databaseUrl` into `file` (gzip), with owners, grants and default
 * privileges, and without DROP statements (a restore clears the schemas
 * itself: pg_dump's drops cannot remove partitions' inherited constraints).
 * `onBytes` gets the compressed bytes written so far. Every part (pg_dump, the
 * file, the table statistics) is awaited together: the first failure stops the rest.
 */
export async function dumpToFile(
  databaseUrl: string,
  file: string,
  onBytes: (bytes: number) => void,
  options: DumpOptions = {},
): Promise<DumpResult> {
  const snapshotClient = new pg.Client({ connectionString: databaseUrl, application_name: "legendai-backup" });
  await snapshotClient.connect();
  snapshotClient.on("error", () => {}); // a lost connection fails the statistics query below
  try {
    await snapshotClient.query("BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY");
    let snapshot = options.snapshot;
    if (snapshot) await snapshotClient.query(`SET TRANSACTION SNAPSHOT '${snapshot.replace(/'/g, "''")}'`);
    else snapshot = (await snapshotClient.query<{ id: string }>("SELECT pg_export_snapshot() AS id")).rows[0].id;
    const postgresVersion = (await snapshotClient.query<{ v: string }>("SELECT current_setting('server_version') AS v"))
      .rows[0].v;

    const child = spawn("pg_dump", ["--snapshot", snapshot, "--format", "plain"], {
      env: childEnvironment(databaseUrl, process.env), // eslint-disable-line no-restricted-properties
      stdio: ["ignore", "pipe", "pipe"],
    });
    const failures: unknown[] = [];
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
    const exited = new Promise<number>((resolve) => {
      child.on("error", (error) => {
        failures.push(error);
        resolve(1);
      });
      child.on("close", (code) => resolve(code ?? 1));
    });
    const fail = (error: unknown) => {
      failures.push(error);
      child.kill("SIGKILL");
    };
    const onAbort = () => fail(options.signal!.reason);
    if (options.signal?.aborted) onAbort();
    options.signal?.addEventListener("abort", onAbort, { once: true });

    const hash = createHash("sha256");
    const written = pipeline(
      child.stdout,
      createGzip({ level: 6 }),
      hasher(hash),
      counter(onBytes),
      createWriteStream(file),
    ).catch(fail);
    // The same snapshot, read while pg_dump streams: what the dump holds.
    const described = Promise.all([
      readTableStats(snapshotClient),
      appliedMigrations(snapshotClient),
      referencedRoles(snapshotClient),
    ]).catch((error) => {
      fail(error);
      return null;
    });
    const [code, , description] = await Promise.all([exited, written, described]);
    options.signal?.removeEventListener("abort", onAbort);
    if (failures.length) throw failures[0];
    if (code !== 0) throw new Error(`pg_dump failed (exit ${code}): ${maskSecrets(stderr.trim()) || "no message"}`);
    await snapshotClient.query("COMMIT");
    const { size } = await stat(file);
    const [tables, migrations, roles] = description!;
    return { sha256: hash.digest("hex"), sizeBytes: size, tables, migrations, roles, postgresVersion };
  } finally {
    await snapshotClient.end().catch(() => {});
  }
}

/**
 * Reads a backup back: its sha256, whether it decompresses to the end, and
 * whether pg_dump's completion line is there. Nothing else is trusted.
 */
export async function inspectBackup(
  file: string,
  onBytes?: (bytes: number) => void,
): Promise<{ sha256: string; complete: boolean; error: string | null }> {
  const hash = createHash("sha256");
  let tail = "";
  const keepTail = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      tail = (tail + chunk.toString("utf8")).slice(-512);
      callback();
    },
  });
  try {
    await pipeline(createReadStream(file), counter(onBytes ?? (() => {})), hasher(hash), createGunzip(), keepTail);
  } catch (error) {
    return { sha256: hash.digest("hex"), complete: false, error: (error as Error).message };
  }
  return { sha256: hash.digest("hex"), complete: tail.includes(DUMP_COMPLETE), error: null };
}

/** A readable of the SQL inside a backup file. */
export function sqlStream(file: string, onBytes?: (bytes: number) => void): PassThrough {
  const out = new PassThrough();
  pipeline(createReadStream(file), counter(onBytes ?? (() => {})), createGunzip(), out).catch((error) =>
    out.destroy(error),
  );
  return out;
}
