import { describe, expect, it } from "vitest";
import { DatabaseUnavailableError, isDatabaseUnavailable, withDeadline } from "./errors";

describe("isDatabaseUnavailable", () => {
  it.each([
    ["our deadline", new DatabaseUnavailableError("the database did not answer within 5 s")],
    ["a refused connection", Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED" })],
    [
      "Prisma cannot reach the server",
      Object.assign(new Error("Can't reach database server at 127.0.0.1"), { code: "P1001" }),
    ],
    [
      "a server shutting down, wrapped by Prisma",
      new Error(
        "Invalid `prisma.patternScan.findMany()` invocation:\n\nDatabase error. Code: `57P03`. Message: `the database system is shutting down`",
      ),
    ],
    ["a terminated connection", new Error("Connection terminated unexpectedly")],
    [
      "a pooled client whose connection died",
      new Error("Client has encountered a connection error and is not queryable"),
    ],
    [
      "a pool timeout",
      Object.assign(new Error("waited 30s for a connection: 15 of 15 in use"), { name: "PoolTimeoutError" }),
    ],
    ["the cause of a wrapper", new Error("query failed", { cause: Object.assign(new Error("x"), { code: "08006" }) })],
  ])("recognises %s", (_what, error) => {
    expect(isDatabaseUnavailable(error)).toBe(true);
  });

  it.each([
    ["a unique violation", Object.assign(new Error("duplicate key value"), { code: "23505" })],
    ["a bug", new TypeError("x is not a function")],
    ["nothing", undefined],
  ])("does not mistake %s for it", (_what, error) => {
    expect(isDatabaseUnavailable(error)).toBe(false);
  });

  it("withDeadline gives up on a promise that never settles", async () => {
    const started = performance.now();
    await expect(withDeadline(new Promise(() => {}), 100)).rejects.toThrow(DatabaseUnavailableError);
    expect(performance.now() - started).toBeLessThan(500);
    await expect(withDeadline(Promise.resolve(7), 100)).resolves.toBe(7);
  });
});
