// The layering rules `npm run lint` enforces, tried on code that breaks them,
// and the map in docs/architecture.md held against the tree.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";

/** Lints `source` as if it were `file` (import/no-cycle needs real files: it has its own test below). */
const eslint = (file: string, source: string) =>
  spawnSync("npx", ["eslint", "--rule", "import/no-cycle: off", "--stdin", "--stdin-filename", file], {
    input: source,
    encoding: "utf8",
  });

describe("npm run lint", () => {
  it("refuses a page or component that reaches past lib/db/queries or reads the configuration", () => {
    const source =
      'import { pool } from "@/lib/db/client";\nimport { env } from "@/lib/env";\nexport const x = [pool, env];\n';
    for (const file of ["components/probe.tsx", "app/(dashboard)/probe/page.tsx"]) {
      const result = eslint(file, source);
      expect(result.status).toBe(1);
      expect(result.stdout).toContain("'@/lib/db/client' import is restricted");
      expect(result.stdout).toContain("'@/lib/env' import is restricted");
    }
  });

  it("lets lib/ use them, and pages use the query modules", () => {
    expect(
      eslint("lib/db/queries/probe.ts", 'import { prisma } from "@/lib/db/client";\nexport const x = prisma;\n').status,
    ).toBe(0);
    expect(
      eslint(
        "components/probe.tsx",
        'import { listScans } from "@/lib/db/queries/scan-list";\nexport const x = listScans;\n',
      ).status,
    ).toBe(0);
  });

  it("refuses code Prettier would format differently", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "legendai-format-"));
    try {
      writeFileSync(path.join(dir, "probe.ts"), "const  a = {b:1}\n");
      const result = spawnSync(
        "npx",
        ["prettier", "--check", "--config", ".prettierrc.json", path.join(dir, "probe.ts")],
        { encoding: "utf8" },
      );
      expect(result.status).toBe(1);
      expect(result.stderr + result.stdout).toMatch(/Code style issues found/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    expect(JSON.parse(readFileSync("package.json", "utf8")).scripts.lint).toMatch(/^prettier --check \. && eslint /);
  });

  it("refuses import circles, type-only ones included", () => {
    const dir = mkdtempSync(path.join("lib", "probe-cycle-"));
    try {
      writeFileSync(path.join(dir, "a.ts"), 'import type { B } from "./b";\nexport type A = { b?: B };\n');
      writeFileSync(path.join(dir, "b.ts"), 'import type { A } from "./a";\nexport type B = { a?: A };\n');
      const result = spawnSync("npx", ["eslint", path.join(dir, "a.ts")], { encoding: "utf8" });
      expect(result.status).toBe(1);
      expect(result.stdout).toContain("structure/no-import-cycle");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("refuses a function over 80 lines of code", () => {
    const body = Array.from({ length: 81 }, (_, i) => `  total += ${i};`).join("\n");
    const result = eslint("lib/probe.ts", `export function long(total: number) {\n${body}\n  return total;\n}\n`);
    expect(result.status).toBe(1);
    expect(result.stdout).toContain("max-lines-per-function");
  });

  it("refuses a pg.Client or the pool outside lib/db, and allows them inside", () => {
    const source = 'import pg from "pg";\nimport { pool } from "@/lib/db/client";\nexport const x = [pg, pool];\n';
    for (const file of ["lib/ops/probe.ts", "lib/monitoring/probe.ts", "ops/cli/probe.ts"]) {
      const result = eslint(file, source);
      expect(result.status).toBe(1);
      expect(result.stdout).toContain("'pg' import is restricted");
      expect(result.stdout).toContain("'pool' import from '@/lib/db/client' is restricted");
    }
    expect(eslint("lib/db/probe.ts", source).status).toBe(0);
    expect(eslint("lib/ops/probe.ts", 'import type pg from "pg";\nexport type X = pg.Client;\n').status).toBe(0);
  });
});

describe("docs/architecture.md", () => {
  const doc = readFileSync("docs/architecture.md", "utf8");
  const index = doc.slice(doc.indexOf("## Where is…"));
  const rows = index.split("\n").filter((line) => /^\| [^-]/.test(line) && !line.startsWith("| feature"));

  it("indexes at least 25 features, each naming a file", () => {
    expect(rows.length).toBeGreaterThanOrEqual(25);
    for (const row of rows) expect(row, row).toMatch(/`[^`]+\.[a-z]+`/);
  });

  it("names only paths that exist", () => {
    const withFolder = [
      ...doc.matchAll(/`((?:lib|app|components|ops|bench|test|prisma|e2e|docs)\/[^`*<>\s]+\.[a-z]+)`/g),
    ];
    const inIndex = rows.flatMap((row) => [...row.matchAll(/`([^`\s]+\.[a-z]+)`/g)]);
    const paths = [...withFolder, ...inIndex].map((m) => m[1]);
    expect(paths.length).toBeGreaterThan(60);
    expect(paths.filter((p) => !existsSync(p))).toEqual([]);
  });
});
