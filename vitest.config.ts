import path from "node:path";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: {
    alias: [
      { find: /^@\//, replacement: `${path.resolve(import.meta.dirname)}/` },
      // A bundler guard that throws outside Next's server build; route handlers are tested as plain functions.
      { find: /^server-only$/, replacement: path.resolve(import.meta.dirname, "test/empty-module.ts") },
    ],
  },
  test: {
    include: [
      "lib/**/*.test.ts",
      "ops/**/*.test.ts",
      "app/**/*.test.ts",
      "components/**/*.test.ts",
      "prisma/**/*.test.ts",
    ],
    // One database and one Redis key prefix per run, made and removed here.
    globalSetup: ["test/global-setup.ts"],
    pool: "forks",
    // The files share one test database and measure timings: run them one at a time.
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 180_000,
  },
});
