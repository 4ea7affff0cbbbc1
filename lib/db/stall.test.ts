// A database that is frozen (not down: it accepts connections and never
// answers) must not hang requests: each is answered within the configured
// limit, the health check within about two seconds, saying unhealthy.
import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { afterAll, describe, expect, it } from "vitest";
import { env } from "@/lib/env";
import { startTcpProxy, type TcpProxy } from "@/test/tcp-proxy";

let proxy: TcpProxy;
afterAll(() => proxy?.close());

describe("a stalled database", () => {
  it("costs a request at most DB_STATEMENT_TIMEOUT, the health check about two seconds, and the API answers 503", async () => {
    const target = new URL(env().DATABASE_URL);
    proxy = await startTcpProxy(target.hostname, Number(target.port || 5432));
    const viaProxy = new URL(target);
    viaProxy.host = `127.0.0.1:${proxy.port}`;
    const child = spawn("node", ["--import", "tsx", "test/fixtures/stalled-db.ts"], {
      env: {
        ...process.env, // eslint-disable-line no-restricted-properties -- the test's environment, pointed at the proxy
        DATABASE_URL: viaProxy.toString(),
        DB_STATEMENT_TIMEOUT: "1",
        SCANNER_API_TOKEN: "stall-test-token",
      },
      stdio: ["pipe", "pipe", "inherit"],
    });
    const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
    expect((await lines.next()).value).toBe("ready");
    proxy.freeze();
    proxy.dropUpstreams(); // open connections and new ones alike now get no answer
    child.stdin.write("go\n");
    const result = JSON.parse((await lines.next()).value);
    child.kill();

    expect(result.query).toMatchObject({ error: "DatabaseUnavailableError", unavailable: true });
    expect(result.query.ms).toBeGreaterThanOrEqual(900);
    expect(result.query.ms).toBeLessThan(2_000); // 1 s limit, plus a little
    expect(result.health).toMatchObject({ value: "unhealthy" });
    expect(result.health.ms).toBeLessThan(2_500);
    expect(result.api.value).toMatchObject({
      status: 503,
      retryAfter: "5",
      body: { error: expect.stringMatching(/database is unavailable/) },
    });
    expect(result.api.ms).toBeLessThan(2_000);
  });
});
