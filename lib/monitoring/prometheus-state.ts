// What /api/metrics reads at scrape time beyond this process's counters: is
// Postgres up, is Redis up (each a real round trip, as the health check makes
// them), and when did the last backup and restore drill succeed or fail (from
// the audit log, so every instance exports the same). Each read has a short
// deadline: a scrape of a degraded app answers in about a second, with the
// gauges it could read (a dependency that did not answer is 0; an operation
// whose history could not be read is left out, not guessed).
import { Gauge, type Registry } from "prom-client";
import { lastAudited, lastOperationOutcome } from "@/lib/db/queries/audit";
import { within } from "@/lib/deadline";
import { probePostgres, probeRedis } from "@/lib/monitoring/probes";

const SCRAPE_READ_MS = 1_000;

export type ScrapeState = {
  up: () => Promise<Record<"postgres" | "redis", boolean>>;
  /** Per operation: when it last went well, and whether its last run failed (null: never ran). */
  operations: () => Promise<Record<"backup" | "restore_drill", OperationState>>;
};

type OperationState = { lastSuccess: Date | null; lastFailed: boolean | null };

/** The audit action of each operation named in the metrics. */
const AUDITED = { backup: "backup", restore_drill: "verify" } as const;

async function operationState(kind: string): Promise<OperationState> {
  const [success, last] = await Promise.all([lastAudited(`${kind}:finished`, "ok"), lastOperationOutcome(kind)]);
  return { lastSuccess: success?.at ?? null, lastFailed: last ? !last.ok : null };
}

export const appScrapeState: ScrapeState = {
  up: async () => {
    const [postgres, redis] = await Promise.all([probePostgres(SCRAPE_READ_MS), probeRedis(SCRAPE_READ_MS)]);
    return { postgres: postgres.ok, redis: redis.ok };
  },
  operations: async () => {
    const read = (kind: string) => within(operationState(kind), SCRAPE_READ_MS, "the audit log");
    const [backup, drill] = await Promise.all([read(AUDITED.backup), read(AUDITED.restore_drill)]);
    return { backup, restore_drill: drill };
  },
};

export function scrapeStateGauges(registry: Registry, state: ScrapeState): void {
  new Gauge({
    name: "legendai_dependency_up",
    help: "1 when the dependency answered this instance's round trip within a second (SELECT 1, PING)",
    labelNames: ["dependency"],
    registers: [registry],
    async collect() {
      for (const [dependency, up] of Object.entries(await state.up())) this.set({ dependency }, up ? 1 : 0);
    },
  });
  const operations = once(state.operations);
  new Gauge({
    name: "legendai_operation_last_success_timestamp_seconds",
    help: "When the operation (backup, restore_drill) last finished well, from the audit log",
    labelNames: ["operation"],
    registers: [registry],
    async collect() {
      this.reset();
      for (const [operation, s] of Object.entries((await operations()) ?? {}))
        if (s.lastSuccess) this.set({ operation }, s.lastSuccess.getTime() / 1000);
    },
  });
  new Gauge({
    name: "legendai_operation_last_run_failed",
    help: "1 when the operation's last run failed, 0 when it went well (absent: never ran)",
    labelNames: ["operation"],
    registers: [registry],
    async collect() {
      this.reset();
      for (const [operation, s] of Object.entries((await operations()) ?? {}))
        if (s.lastFailed !== null) this.set({ operation }, s.lastFailed ? 1 : 0);
    },
  });
}

/** One read shared by the gauges of one scrape (prom-client starts every collect in the same turn); null when it failed. */
function once<T>(read: () => Promise<T>): () => Promise<T | null> {
  let pending: Promise<T | null> | null = null;
  return () =>
    (pending ??= read()
      .catch(() => null)
      .finally(() => (pending = null)));
}
