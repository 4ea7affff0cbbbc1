// What a span may carry: statements with their literals masked, URLs with
// their query's names only.
import { describe, expect, it } from "vitest";
import { operationOf, statementForTrace } from "@/lib/tracing/statement";
import { withoutQueryValues } from "@/lib/tracing/scrub";

describe("statementForTrace", () => {
  it("masks string literals (escaped quotes, E'' and dollar quotes too) and keeps placeholders", () => {
    expect(statementForTrace("SELECT * FROM users WHERE email = $1 AND name = 'O''Brien'")).toBe(
      "SELECT * FROM users WHERE email = $1 AND name = '?'",
    );
    expect(statementForTrace("ALTER ROLE app PASSWORD 'hunter2'")).toBe("ALTER ROLE app PASSWORD '?'");
    expect(statementForTrace("SELECT E'a\\nb', $$secret$$, $tag$also 'secret'$tag$")).toBe("SELECT '?', '?', '?'");
    expect(statementForTrace("SELECT 1")).toBe("SELECT 1");
  });

  it("cuts a long statement", () => {
    expect(statementForTrace(`SELECT ${"x, ".repeat(2000)}1`).length).toBeLessThanOrEqual(2001);
  });

  it("names the operation by its first keyword", () => {
    expect(operationOf("  insert into t values ($1)")).toBe("INSERT");
    expect(operationOf("WITH a AS (SELECT 1) SELECT * FROM a")).toBe("WITH");
  });
});

describe("withoutQueryValues", () => {
  it("keeps a URL's path and the names of its query, not the values", () => {
    expect(withoutQueryValues("/scans?ticker=AAPL&minScore=7")).toBe("/scans?ticker=?&minScore=?");
    expect(withoutQueryValues("/reset?token=abc123")).toBe("/reset?token=?");
    expect(withoutQueryValues("/scans")).toBe("/scans");
  });
});
