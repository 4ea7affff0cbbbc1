// Vitest: one database and one Redis key prefix per run, removed at the end.
import { createRunResources } from "./run-resources";

/* eslint-disable no-restricted-properties -- the harness sets the environment the code under test reads */
export default async function setup() {
  const run = await createRunResources(
    "test",
    process.env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres",
    process.env.REDIS_URL ?? "redis://127.0.0.1:6379",
  );
  process.env.DATABASE_URL = run.databaseUrl;
  process.env.REDIS_KEY_PREFIX = run.redisPrefix;
  return run.cleanup;
}
