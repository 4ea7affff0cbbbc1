// Connection leaks: an instance that holds a pool connection longer than
// DB_POOL_LEAK_DETECTION_MS logs it once, with where it was taken, counts it in
// its pool status, and the incident fires once, then resolves once when the
// connection is given back. The instance is a real process of its own.
import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeDb } from "@/lib/db/client";
import { startIncidentRun, type IncidentRun } from "@/test/incident-run";
import { resetData } from "@/test/reset";

let run: IncidentRun;
beforeAll(async () => {
  await resetData();
  run = await startIncidentRun();
});
afterAll(async () => {
  await run.close();
  await closeDb();
});

describe("a leaked pool connection", () => {
  it("is logged once with its stack, counted, fires once and resolves once", async () => {
    const child = spawn("node", ["--import", "tsx", "test/fixtures/leaky-instance.ts"], {
      // eslint-disable-next-line no-restricted-properties -- the run's database and Redis, with a short leak threshold
      env: { ...process.env, DB_POOL_LEAK_DETECTION_MS: "400", DB_POOL_SIZE: "1" },
      stdio: ["pipe", "pipe", "pipe"],
    });
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
    try {
      expect(JSON.parse((await lines.next()).value)).toEqual({ leaking: 1, detected: 1 });
      await run.evaluate();
      await run.evaluate();
      const subject = run.sinks.webhooks.find((w) => w.rule === "connection_leak")?.subject ?? "";
      expect(subject).toMatch(/:\d+$/); // host:pid of the leaking instance
      expect(run.messages("connection_leak", subject)).toEqual(["firing"]);
      const reports = stderr.split("\n").filter((l) => l.includes("a pool connection has been held for"));
      expect(reports).toHaveLength(1);
      expect(stderr).toMatch(/It was taken at:\n[\s\S]*leaky-instance\.ts/);

      child.stdin.write("release\n");
      expect(JSON.parse((await lines.next()).value)).toEqual({ leaking: 0 });
      await run.evaluate();
      expect(run.messages("connection_leak", subject)).toEqual(["firing", "resolved"]);
    } finally {
      child.kill();
    }
  });
});
