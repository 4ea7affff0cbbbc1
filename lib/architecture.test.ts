// The layering rules `npm run lint` enforces, tried on code that breaks them.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";

const eslint = (file: string, source: string) =>
  spawnSync("npx", ["eslint", "--stdin", "--stdin-filename", file], { input: source, encoding: "utf8" });

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
});
