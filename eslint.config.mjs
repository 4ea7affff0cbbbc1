import { defineConfig, globalIgnores } from "eslint/config";
import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";
import { noImportCycle } from "./lint/no-import-cycle.mjs";

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
    // One road to Postgres: raw SQL through lib/db/sql.ts, sessions through
    // lib/db/pg-client.ts. Outside lib/db nothing opens a pg.Client or touches
    // the pool or the Prisma client. (The test harness, the e2e suite and the
    // benchmark stand outside the app and drive the database directly.)
    files: ["**/*.ts", "**/*.tsx"],
    ignores: ["lib/db/**", "**/*.test.ts", "test/**", "e2e/**", "bench/**", "*.config.ts"],
    rules: {
      "@typescript-eslint/no-restricted-imports": [
        "error",
        {
          paths: [
            {
              name: "pg",
              allowTypeImports: true,
              message:
                "Open connections through lib/db/pg-client.ts (withPgClient, withPoolClient); run SQL with lib/db/sql.ts.",
            },
            {
              name: "@/lib/db/client",
              importNames: ["pool", "prisma"],
              message:
                "The pool and the Prisma client are lib/db's own: call lib/db/queries, lib/db/sql.ts or lib/db/pg-client.ts.",
            },
          ],
        },
      ],
    },
  },
  {
    // Structure: no import circles (import/no-cycle for value imports; structure/no-import-cycle
    // counts type-only imports too), and functions short enough to read.
    files: ["**/*.ts", "**/*.tsx"],
    ignores: ["**/*.test.ts", "e2e/**/*.spec.ts"],
    plugins: { structure: { rules: { "no-import-cycle": noImportCycle } } },
    rules: {
      "import/no-cycle": ["error", { ignoreExternal: true }],
      "structure/no-import-cycle": "error",
      "max-lines-per-function": ["error", { max: 80, skipBlankLines: true, skipComments: true }],
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
