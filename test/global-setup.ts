// Vitest: one database and one Redis key prefix per run, removed at the end.
import { createLocalRunResources } from "./run-resources";

/* eslint-disable no-restricted-properties -- the harness sets the environment the code under test reads */
export default async function setup() {
  const run = await createLocalRunResources("test");
  process.env.DATABASE_URL = run.databaseUrl;
  process.env.REDIS_KEY_PREFIX = run.redisPrefix;
  return run.cleanup;
}
