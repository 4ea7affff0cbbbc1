// The CLI and logging behaviour an operator sees: run as real processes.
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { env } from "@/lib/env";

// eslint-disable-next-line no-restricted-properties -- the child gets this environment plus the test's changes
const childEnv = (extraEnv: Record<string, string>) => ({ ...process.env, ...extraEnv });
const run = (script: string, extraEnv: Record<string, string>) =>
  promisify(execFile)("npx", ["tsx", script], { env: childEnv(extraEnv) }).then(
    (r) => ({ code: 0, stdout: r.stdout, stderr: r.stderr }),
    (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr }),
  );

describe("entry points", () => {
  it.each([
    ["DB_POOL_SIZE", "abc"],
    ["DB_POOL_SIZE", "-1"],
    ["DB_POOL_PRE_PING", "maybe"],
  ])("a bad %s=%s stops the CLI with one line and exit code 1", async (name, value) => {
    const result = await run("ops/cli/db-status.ts", { [name]: value });
    expect(result.code).toBe(1);
    expect(result.stdout).toBe("");
    expect(result.stderr.trim().split("\n")).toEqual([
      expect.stringMatching(new RegExp(`^Invalid configuration: ${name}="${value}" \\(expected`)),
    ]);
  });

  it("DEBUG=true logs each SQL statement with its duration and pool events, password masked", async () => {
    const url = new URL(env().DATABASE_URL);
    url.password = "s3cret-pw"; // trust auth here: accepted and ignored by the server
    const result = await run("test/fixtures/debug-query.ts", { DEBUG: "true", DATABASE_URL: url.toString() });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/DEBUG \[sql\] \d+\.\dms SELECT COUNT\(\*\)/);
    expect(result.stdout).toMatch(/DEBUG \[pool\] connect: 1 open/);
    expect(result.stdout + result.stderr).not.toContain("s3cret-pw");
  });

  it("logs nothing of the kind without DEBUG", async () => {
    const result = await run("test/fixtures/debug-query.ts", { DEBUG: "false" });
    expect(result.code).toBe(0);
    expect(result.stdout).not.toContain("[sql]");
  });
});
