import { defineConfig, globalIgnores } from "eslint/config";
import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

export default defineConfig([
  ...nextVitals,
  ...nextTs,
  globalIgnores([".next/**", "lib/generated/**", "next-env.d.ts", "test-results/**", "playwright-report/**"]),
  {
    // Pages, routes and components reach data through lib/db/queries, lib/monitoring,
    // lib/ops and lib/actions; the pool, client, cache and configuration stay inside lib/.
    files: ["app/**/*.{ts,tsx}", "components/**/*.{ts,tsx}"],
    ignores: ["**/*.test.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: [
                "@/lib/db/*",
                "!@/lib/db/queries",
                "@/lib/db/queries/*/**",
                "!@/lib/db/migrations",
                "@/lib/db/migrations/*",
                "!@/lib/db/migrations/status",
                "!@/lib/db/errors",
              ],
              message:
                "Pages and components call lib/db/queries (or lib/monitoring, lib/ops): the pool, client and cache are lib/'s own.",
            },
            {
              group: ["@/lib/env", "@/lib/generated/*"],
              message: "Configuration and the Prisma client are read inside lib/ only.",
            },
          ],
        },
      ],
    },
  },
  {
    // Only lib/env.ts reads the environment: keep it that way.
    files: ["**/*.ts", "**/*.tsx"],
    ignores: ["lib/env.ts", "prisma.config.ts", "*.config.ts"],
    rules: {
      "no-restricted-properties": [
        "error",
        { object: "process", property: "env", message: "Read configuration through lib/env.ts." },
      ],
    },
  },
]);
