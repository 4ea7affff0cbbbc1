// Prisma's migrations folder: prisma/migrations/<timestamp>_<name>/migration.sql,
// plus our down.sql beside it for "roll back one".
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";

export const DEFAULT_MIGRATIONS_DIR = path.resolve(/*turbopackIgnore: true*/ process.cwd(), "prisma/migrations");

export type MigrationFile = {
  name: string;
  sql: string;
  /** sha256 of migration.sql, lowercase hex: what Prisma stores in _prisma_migrations.checksum. */
  checksum: string;
  downSql: string | null;
};

export function checksumOf(sql: string): string {
  return createHash("sha256").update(sql, "utf8").digest("hex");
}

async function readIfExists(file: string): Promise<string | null> {
  return existsSync(file) ? readFile(file, "utf8") : null;
}

/** Every migration folder, in the order they apply (folder names sorted). */
export async function readMigrations(dir = DEFAULT_MIGRATIONS_DIR): Promise<MigrationFile[]> {
  // Read at run time from the working directory: not something for the bundler to trace.
  const entries = await readdir(/*turbopackIgnore: true*/ dir, { withFileTypes: true });
  const names = entries
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
  const migrations: MigrationFile[] = [];
  for (const name of names) {
    const sql = await readIfExists(path.join(dir, name, "migration.sql"));
    if (sql === null) continue; // Prisma ignores folders without migration.sql too
    migrations.push({
      name,
      sql,
      checksum: checksumOf(sql),
      downSql: await readIfExists(path.join(dir, name, "down.sql")),
    });
  }
  return migrations;
}

const NAME_PATTERN = /^[a-z0-9][a-z0-9_]{0,200}$/;

function timestamp(now: Date): string {
  return now.toISOString().replace(/[-:T]/g, "").slice(0, 14);
}

/**
 * Creates <timestamp>_<name>/ with migration.sql and down.sql (placeholders,
 * or the given statements: the index advisor's suggestions); returns the folder.
 */
export async function createMigration(
  name: string,
  dir = DEFAULT_MIGRATIONS_DIR,
  now = new Date(),
  sql: { up?: string; down?: string } = {},
): Promise<string> {
  if (!NAME_PATTERN.test(name)) {
    throw new Error(
      `migration name "${name}" is invalid: use lowercase letters, digits and underscores, e.g. add_ticker_industry`,
    );
  }
  const folder = path.join(dir, `${timestamp(now)}_${name}`);
  if (existsSync(folder)) throw new Error(`${folder} already exists`);
  await mkdir(folder, { recursive: true });
  await writeFile(
    path.join(folder, "migration.sql"),
    sql.up ? `-- ${name}\n${sql.up}\n` : `-- ${name}: write the forward change here.\n`,
  );
  await writeFile(
    path.join(folder, "down.sql"),
    `-- Reverses ${path.basename(folder)}${sql.down ? `.\n${sql.down}` : ": undo exactly what migration.sql does."}\n`,
  );
  return folder;
}
