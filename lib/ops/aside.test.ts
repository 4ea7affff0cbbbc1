// The kept-aside schemas' names given back in a dump: statements renamed,
// COPY data never touched, whatever the chunk boundaries.
import { Readable } from "node:stream";
import { text } from "node:stream/consumers";
import { describe, expect, it } from "vitest";
import { renameLine, renamingStream, type AsideSchema } from "@/lib/ops/aside";

const schemas: AsideSchema[] = [
  { aside: "legendai_previous_abc_public", original: "public" },
  { aside: "legendai_previous_abc_market", original: "market" },
  { aside: "legendai_previous_abc_Mixed Case", original: "Mixed Case" },
];

const dump = [
  "CREATE SCHEMA legendai_previous_abc_public;",
  "CREATE SCHEMA legendai_previous_abc_market;",
  `CREATE SCHEMA "legendai_previous_abc_Mixed Case";`,
  "CREATE TABLE legendai_previous_abc_market.trades (id bigint DEFAULT nextval('legendai_previous_abc_market.seq'::regclass), symbol legendai_previous_abc_public.citext);",
  "COPY legendai_previous_abc_market.trades (id, symbol) FROM stdin;",
  "1\tlegendai_previous_abc_market.trades is a row, not a name",
  "2\t\\N",
  "\\.",
  `COPY "legendai_previous_abc_Mixed Case".empty (x) FROM stdin;`,
  "\\.",
  "ALTER TABLE ONLY legendai_previous_abc_market.trades ADD CONSTRAINT x_legendai_previous_abc_market_y CHECK (true);",
  "",
].join("\n");

const expected = [
  `CREATE SCHEMA "market";`,
  `CREATE SCHEMA "Mixed Case";`,
  `CREATE TABLE "market".trades (id bigint DEFAULT nextval('"market".seq'::regclass), symbol "public".citext);`,
  `COPY "market".trades (id, symbol) FROM stdin;`,
  "1\tlegendai_previous_abc_market.trades is a row, not a name",
  "2\t\\N",
  "\\.",
  `COPY "Mixed Case".empty (x) FROM stdin;`,
  "\\.",
  `ALTER TABLE ONLY "market".trades ADD CONSTRAINT x_legendai_previous_abc_market_y CHECK (true);`,
  "",
].join("\n");

async function renamed(input: string, chunkSize: number) {
  const bytes = Buffer.from(input);
  const chunks = [];
  for (let at = 0; at < bytes.length; at += chunkSize) chunks.push(bytes.subarray(at, at + chunkSize));
  return text(Readable.from(chunks).pipe(renamingStream(schemas)));
}

describe("renaming a kept-aside dump", () => {
  it("gives statements their schemas' names back and leaves COPY rows alone, at any chunk size", async () => {
    for (const size of [1, 2, 3, 5, 7, 64, 100_000]) expect(await renamed(dump, size)).toBe(expected);
  });

  it("drops only the creation of public, which every restore makes itself", () => {
    expect(renameLine("CREATE SCHEMA legendai_previous_abc_public;", schemas)).toBeNull();
    expect(renameLine("COMMENT ON SCHEMA legendai_previous_abc_public IS 'standard public schema';", schemas)).toBe(
      `COMMENT ON SCHEMA "public" IS 'standard public schema';`,
    );
  });
});
