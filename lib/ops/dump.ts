// pg_dump streamed through gzip into a file, never held in memory, from an
// exported snapshot: the manifest's row counts and checksums describe exactly
// the rows the dump holds.
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { createReadStream, createWriteStream } from "node:fs";
import { PRIVATE_FILE_MODE } from "@/lib/ops/private-files";
import { stat } from "node:fs/promises";
import { PassThrough, Transform, Writable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { createGunzip, createGzip } from "node:zlib";
import type pg from "pg";
import { openPgClient } from "@/lib/db/pg-client";
import { maskSecrets } from "@/lib/mask";
import { qualified } from "@/lib/db/identifiers";
import { ASIDE_PREFIX, renamingStream, type AsideSchema } from "@/lib/ops/aside";
import { childEnvironment } from "@/lib/ops/pg-tools";
import { referencedRoles } from "@/lib/ops/privileges";
import { readTableStats, type TableStats } from "@/lib/ops/table-stats";

/** pg_dump's last line: a dump without it was cut short. */
export const DUMP_COMPLETE = "-- PostgreSQL database dump complete";

/**
 * gzip level 1, chosen on measurement (docs/benchmark.md): on the 1M-scan
 * database gzip -6 took 4.1 s and was the whole backup's bottleneck, -1 took
 * 1.6 s (pg_dump alone: 1.6 s) for a file 18% larger. Plain gunzip reads it.
 */
export const GZIP_LEVEL = 1;

export type DumpResult = {
  sha256: string;
  sizeBytes: number;
  /** pg_dump's output ended with its completion line. */
  complete: boolean;
  tables: TableStats;
  migrations: string[];
  /** The roles the dump's objects belong or are granted to. */
  roles: string[];
  postgresVersion: string;
  /**
   * When the snapshot was taken, and the WAL position then (null on a standby,
   * or for a snapshot imported from another transaction): point-in-time
   * recovery to that position gives the data the dump holds.
   */
  snapshotAt: { at: string; lsn: string } | null;
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

/** Keeps the last bytes that pass: where pg_dump's completion line is. */
function tailKeeper(): Transform & { tail: () => string } {
  let tail: Buffer = Buffer.alloc(0);
  const keeper = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      tail = chunk.length >= 512 ? chunk.subarray(-512) : Buffer.concat([tail, chunk]).subarray(-512);
      callback(null, chunk);
    },
  });
  return Object.assign(keeper, { tail: () => tail.toString("utf8") });
}

function hasher(hash: ReturnType<typeof createHash>): Transform {
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      hash.update(chunk);
      callback(null, chunk);
    },
  });
}

async function appliedMigrations(client: pg.Client, schema = "public"): Promise<string[]> {
  const table = qualified(schema, "_prisma_migrations");
  const exists = await client.query(`SELECT to_regclass($1) AS t`, [table]);
  if (!exists.rows[0].t) return [];
  const { rows } = await client.query<{ name: string }>(
    `SELECT migration_name AS name FROM ${table} WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL ORDER BY 1`,
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
  /**
   * Dump these kept-aside schemas (and the extensions they use) under the
   * names they had: a restore's safety backup written after its commit.
   * Without it, kept-aside schemas are left out of the dump.
   */
  aside?: AsideSchema[];
};

/** pg_dump's arguments for what to dump: the database's own schemas, or the kept-aside ones. */
async function selection(client: pg.Client, aside: AsideSchema[] | undefined): Promise<string[]> {
  if (!aside) return ["--exclude-schema", `${ASIDE_PREFIX}*`];
  // A restore moved the extensions of the schemas it set aside into the new public.
  const { rows } = await client.query<{ name: string }>(
    `SELECT extname AS name FROM pg_extension WHERE extnamespace = 'public'::regnamespace`,
  );
  return [...aside.flatMap((s) => ["--schema", s.aside]), ...rows.flatMap((r) => ["--extension", r.name])];
}

/**
 * The transaction's snapshot: `imported` (another transaction's), or a new
 * one exported for pg_dump, with the WAL position read in the same statement.
 */
async function openSnapshot(
  client: pg.Client,
  imported: string | undefined,
): Promise<{ snapshot: string; snapshotAt: DumpResult["snapshotAt"] }> {
  if (imported) {
    await client.query(`SET TRANSACTION SNAPSHOT '${imported.replace(/'/g, "''")}'`);
    return { snapshot: imported, snapshotAt: null };
  }
  const [row] = (
    await client.query<{ id: string; lsn: string | null; at: Date }>(
      `SELECT pg_export_snapshot() AS id, clock_timestamp() AS at,
              CASE WHEN pg_is_in_recovery() THEN NULL ELSE pg_current_wal_lsn()::text END AS lsn`,
    )
  ).rows;
  return { snapshot: row.id, snapshotAt: row.lsn ? { at: row.at.toISOString(), lsn: row.lsn } : null };
}

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
  const snapshotClient = await openPgClient(databaseUrl, "legendai-backup");
  snapshotClient.on("error", () => {}); // a lost connection fails the statistics query below
  try {
    await snapshotClient.query("BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY");
    const { snapshot, snapshotAt } = await openSnapshot(snapshotClient, options.snapshot);
    const postgresVersion = (await snapshotClient.query<{ v: string }>("SELECT current_setting('server_version') AS v"))
      .rows[0].v;

    const what = await selection(snapshotClient, options.aside);
    const child = spawn("pg_dump", ["--snapshot", snapshot, "--format", "plain", ...what], {
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
    const plainTail = tailKeeper();
    const written = pipeline([
      child.stdout,
      ...(options.aside ? [renamingStream(options.aside)] : []),
      plainTail,
      createGzip({ level: GZIP_LEVEL }),
      hasher(hash),
      counter(onBytes),
      createWriteStream(file, { mode: PRIVATE_FILE_MODE }),
    ]).catch(fail);
    // The same snapshot, read while pg_dump streams: what the dump holds.
    // One after the other on the snapshot's connection (pg runs one query at a time per client anyway).
    const described = (async () =>
      [
        await readTableStats(snapshotClient, options.aside),
        await appliedMigrations(snapshotClient, options.aside?.find((s) => s.original === "public")?.aside),
        await referencedRoles(snapshotClient),
      ] as const)().catch((error) => {
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
    const complete = plainTail.tail().includes(DUMP_COMPLETE);
    return {
      sha256: hash.digest("hex"),
      sizeBytes: size,
      complete,
      tables,
      migrations,
      roles,
      postgresVersion,
      // Kept-aside data is not the database at any WAL position.
      snapshotAt: options.aside ? null : snapshotAt,
    };
  } finally {
    await snapshotClient.end().catch(() => {});
  }
}

/** The sha256 of a file as it is on disk (no decompression: a few hundred MB a second). */
export async function hashFile(file: string, onBytes?: (bytes: number) => void): Promise<string> {
  const hash = createHash("sha256");
  await pipeline(createReadStream(file), counter(onBytes ?? (() => {})), hasher(hash), new PassThrough().resume());
  return hash.digest("hex");
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
