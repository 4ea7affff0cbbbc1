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
import { readTableStats, type TableStats } from "@/lib/ops/table-stats";

/** pg_dump's last line: a dump without it was cut short. */
export const DUMP_COMPLETE = "-- PostgreSQL database dump complete";

export type DumpResult = {
  sha256: string;
  sizeBytes: number;
  tables: TableStats;
  migrations: string[];
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

/** Dumps `databaseUrl` into `file` (gzip); `onBytes` gets the compressed bytes written so far. */
export async function dumpToFile(
  databaseUrl: string,
  file: string,
  onBytes: (bytes: number) => void,
): Promise<DumpResult> {
  const snapshotClient = new pg.Client({ connectionString: databaseUrl, application_name: "legendai-backup" });
  await snapshotClient.connect();
  try {
    await snapshotClient.query("BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY");
    const snapshot = (await snapshotClient.query<{ id: string }>("SELECT pg_export_snapshot() AS id")).rows[0].id;
    const postgresVersion = (await snapshotClient.query<{ v: string }>("SELECT current_setting('server_version') AS v"))
      .rows[0].v;

    const child = spawn(
      "pg_dump",
      ["--snapshot", snapshot, "--format", "plain", "--clean", "--if-exists", "--no-owner", "--no-privileges"],
      { env: childEnvironment(databaseUrl, process.env), stdio: ["ignore", "pipe", "pipe"] }, // eslint-disable-line no-restricted-properties
    );
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
    const exited = new Promise<number>((resolve, reject) => {
      child.on("error", reject);
      child.on("close", (code) => resolve(code ?? 1));
    });

    const hash = createHash("sha256");
    const written = pipeline(
      child.stdout,
      createGzip({ level: 6 }),
      hasher(hash),
      counter(onBytes),
      createWriteStream(file),
    );
    // The same snapshot, read while pg_dump streams: what the dump holds.
    const [tables, migrations] = await Promise.all([readTableStats(snapshotClient), appliedMigrations(snapshotClient)]);
    await written;
    const code = await exited;
    if (code !== 0) throw new Error(`pg_dump failed (exit ${code}): ${maskSecrets(stderr.trim()) || "no message"}`);
    await snapshotClient.query("COMMIT");
    const { size } = await stat(file);
    return { sha256: hash.digest("hex"), sizeBytes: size, tables, migrations, postgresVersion };
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
