// The load suite's read-replica scenario: a streaming replica of the private
// primary (pg_basebackup -R), a second app instance that routes replica-safe
// reads to it, the usual mix of reads and uploads read back at once by their
// writer; reported with how the reads were split and how many were stale.
import { tmpdir } from "node:os";
import path from "node:path";
import { startAppServer } from "@/test/app-server";
import { startPrivatePostgres, type PrivatePostgres } from "@/test/private-cluster";
import type { LoadApp } from "./app-server";
import { runScenario, type ScenarioRow } from "./scenarios";

export type ReplicaRow = ScenarioRow & { reads: Record<"primary" | "replica" | "fallback", number> };

async function readsSoFar(base: string, token: string) {
  const text = await (await fetch(`${base}/api/metrics`, { headers: { authorization: `Bearer ${token}` } })).text();
  const count = (target: string) =>
    Number(new RegExp(`legendai_db_reads_total\\{target="${target}"\\} (\\d+)`).exec(text)?.[1] ?? 0);
  return { primary: count("primary"), replica: count("replica"), fallback: count("fallback") };
}

export async function replicaScenario(
  primary: PrivatePostgres,
  app: LoadApp,
  token: string,
  say: (line: string) => void,
): Promise<ReplicaRow> {
  const replica = await startPrivatePostgres({ hot_standby: "on" }, primary);
  const server = await startAppServer(
    {
      ...app.env,
      DATABASE_REPLICA_URLS: replica.url("legendai_load"),
      REDIS_KEY_PREFIX: "legendai-load-replica:",
    },
    path.join(tmpdir(), `legendai-load-replica-server-${process.pid}.log`),
  );
  try {
    say(`replica on port ${replica.port}, app with it on ${server.base}`);
    const before = await readsSoFar(server.base, token);
    const row = await runScenario(
      { name: "one read replica (50 clients)", clients: 50, durationMs: 10_000 },
      server.base,
      token,
    );
    const after = await readsSoFar(server.base, token);
    return {
      ...row,
      reads: {
        primary: after.primary - before.primary,
        replica: after.replica - before.replica,
        fallback: after.fallback - before.fallback,
      },
    };
  } finally {
    server.stop();
    replica.destroy();
  }
}
