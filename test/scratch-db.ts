// Empty throwaway databases for tests that need a blank slate (migrations,
// drift). Each lives on the run's server and is dropped by its test.
import { randomBytes } from "node:crypto";
import type pg from "pg";
import { withPgClient } from "@/lib/db/pg-client";
import { assertLocal, withDatabase } from "./local-only";

function baseUrl(): string {
  // The run's own test database (set by global-setup); we only borrow its server.
  const url = process.env.DATABASE_URL; // eslint-disable-line no-restricted-properties
  if (!url) throw new Error("DATABASE_URL is not set: run tests through vitest (test/global-setup.ts)");
  assertLocal(url);
  return url;
}

const admin = <T>(work: (client: pg.Client) => Promise<T>) => withPgClient(withDatabase(baseUrl(), "postgres"), work);

export type ScratchDb = { url: string; name: string; drop: () => Promise<void> };

export async function createScratchDb(label = "scratch"): Promise<ScratchDb> {
  const name = `legendai_${label}_${randomBytes(5).toString("hex")}`;
  await admin((c) => c.query(`CREATE DATABASE "${name}"`));
  return {
    name,
    url: withDatabase(baseUrl(), name),
    drop: () => admin((c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)).then(() => undefined),
  };
}
