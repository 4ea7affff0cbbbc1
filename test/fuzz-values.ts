// Hostile and careless values for the property-based tests: what people and
// scripts really send (empty, huge, NUL, lone surrogates, other types, far
// dates, deep nesting), mixed with plausible ones.
import fc from "fast-check";

export const nasty = fc.constantFrom(
  "",
  " ",
  "\u0000",
  "a\u0000b",
  "\ud800",
  "x\udfffy",
  "-1",
  "0",
  "2147483648",
  "99999999999999999999",
  "1e400",
  "NaN",
  "true",
  "null",
  "-010000-01-01",
  "+275760-09-13T00:00:00Z",
  "0000-01-01",
  "1969-12-31T23:59:59Z",
  "2026-02-30",
  "../../etc/passwd",
  "'; DROP TABLE users; --",
  "<script>alert(1)</script>",
  "%00",
  "VCP",
  "AAPL",
  "7",
  "restore",
  "legendai_db_20260101_000000.sql.gz",
  "a".repeat(5000),
);

/** Numbers at the edges of what ids, counts and prices can hold. */
export const numberish = fc.oneof(
  fc.constantFrom(
    "2147483647",
    "2147483648",
    "-2147483649",
    "9007199254740993",
    "1e20",
    "0x10",
    "1.5",
    "-0",
    "Infinity",
  ),
  fc.bigInt({ min: -(2n ** 64n), max: 2n ** 64n }).map(String),
);

/** Mostly the known-hostile values (where bugs hide), and arbitrary strings around them. */
export const text = fc.oneof(
  { weight: 4, arbitrary: nasty },
  { weight: 2, arbitrary: numberish },
  { weight: 1, arbitrary: fc.string({ maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ unit: "binary", maxLength: 20 }) },
);

/** Any JSON value, some deeply nested. */
export const jsonish: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 5, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
  { weight: 2, arbitrary: text },
  { weight: 1, arbitrary: fc.integer({ min: 1, max: 3000 }).map((depth) => nest(depth)) },
  { weight: 1, arbitrary: fc.constantFrom(null, true, false, 0, -1, 2 ** 31, 1e308, -1e308) },
);

function nest(depth: number): unknown {
  let value: unknown = "deep";
  for (let i = 0; i < depth; i++) value = { d: value };
  return value;
}
