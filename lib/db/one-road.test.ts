// One road per table: each model in schema.prisma says whether its table is
// read through Prisma or through the SQL module (lib/db/sql.ts), and the code
// keeps to it. Read from the files: a Prisma table named in raw SQL, or an
// SQL-module table reached through a Prisma delegate, fails here.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = path.resolve(import.meta.dirname, "../..");
const CODE_DIRS = ["lib", "app", "components", "ops"];
/** Raw SQL naming a Prisma table on purpose, and why. */
const ALLOWED_SQL: Record<string, string> = {
  "lib/ops/audit-carry.ts": "the restore carries audit rows over inside its own psql transaction",
  "lib/ops/security-carry.ts": "the restore carries sessions over (those whose user it restored) in its transaction",
  "lib/db/queries/hot-queries.ts": "the hot queries' shapes, for EXPLAIN",
  "lib/monitoring/insights.ts": "sample parameters for EXPLAIN ANALYZE of a hot query",
  "lib/ops/rehearse/load.ts": "the app's traffic and sample parameters, on a rehearsal's scratch copy",
};

type Model = { name: string; table: string; road: "prisma" | "sql" | null };

function models(): Model[] {
  const schema = readFileSync(path.join(ROOT, "prisma/schema.prisma"), "utf8");
  return [...schema.matchAll(/((?:^\/\/\/.*\n)*)^model (\w+) \{([\s\S]*?)^\}/gm)].map(([, doc, name, body]) => ({
    name,
    table: /@@map\("(\w+)"\)/.exec(body)?.[1] ?? name,
    road: /through Prisma/.test(doc) ? "prisma" : /through the SQL module/.test(doc) ? "sql" : null,
  }));
}

function codeFiles(): { file: string; text: string }[] {
  return CODE_DIRS.flatMap((dir) =>
    readdirSync(path.join(ROOT, dir), { recursive: true, encoding: "utf8" })
      .map((file) => path.join(dir, file))
      .filter((file) => /\.tsx?$/.test(file) && !/\.test\.ts$/.test(file) && !file.startsWith("lib/generated"))
      .map((file) => ({ file, text: readFileSync(path.join(ROOT, file), "utf8") })),
  );
}

describe("one road per table", () => {
  const all = models();
  const files = codeFiles();

  it("every model says which way its table is read", () => {
    expect(all.length).toBeGreaterThan(10);
    expect(all.filter((m) => m.road === null).map((m) => m.name)).toEqual([]);
  });

  it("no table read through Prisma is named in raw SQL", () => {
    const found = all
      .filter((m) => m.road === "prisma")
      .flatMap((m) => {
        const named = new RegExp(`\\b(FROM|INTO|UPDATE|JOIN|TABLE)\\s+("?public"?\\.)?"?${m.table}"?\\b`, "i");
        return files
          .filter((f) => !(f.file in ALLOWED_SQL) && named.test(f.text))
          .map((f) => `${m.table} in ${f.file}`);
      });
    expect(found).toEqual([]);
  });

  it("no table read through the SQL module is reached through Prisma", () => {
    const found = all
      .filter((m) => m.road === "sql")
      .flatMap((m) => {
        const delegate = new RegExp(`\\.${m.name[0].toLowerCase()}${m.name.slice(1)}\\.\\w+\\(`);
        return files.filter((f) => delegate.test(f.text)).map((f) => `${m.name} in ${f.file}`);
      });
    expect(found).toEqual([]);
  });
});
