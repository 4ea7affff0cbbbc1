// When Redis is skipped: while it is not connected, and for a few seconds after
// several failures in a row (a hung Redis costs each call its command timeout;
// one slow reply on a busy event loop does not turn the cache off). Failures
// are logged at most once per 30 s.
import type { Redis } from "ioredis";
import { throttledWarning } from "@/lib/log/logger";

export type CircuitOptions = {
  /** How long Redis is skipped once the circuit opens (default 5 s). */
  circuitOpenMs?: number;
  /** Failures in a row that open the circuit (default 3). */
  failuresToOpen?: number;
};

export class RedisCircuit {
  private openUntil = 0;
  private consecutiveFailures = 0;
  private readonly warn = throttledWarning("cache");

  constructor(
    private readonly redis: Redis,
    private readonly options: CircuitOptions,
  ) {}

  usable(): boolean {
    return this.redis.status === "ready" && Date.now() >= this.openUntil;
  }

  succeeded(): void {
    this.consecutiveFailures = 0;
  }

  failed(error: Error): void {
    this.consecutiveFailures += 1;
    if (this.consecutiveFailures >= (this.options.failuresToOpen ?? 3)) {
      this.openUntil = Date.now() + (this.options.circuitOpenMs ?? 5_000);
      this.consecutiveFailures = 0;
    }
    this.warn(`Redis failed (${error.message}); answering from Postgres for the next few seconds`);
  }
}
