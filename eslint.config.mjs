import { defineConfig, globalIgnores } from "eslint/config";
import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

export default defineConfig([
  ...nextVitals,
  ...nextTs,
  globalIgnores([".next/**", "lib/generated/**", "next-env.d.ts", "test-results/**", "playwright-report/**"]),
  {
    // Only lib/env.ts reads the environment (DESIGN.md): keep it that way.
    files: ["**/*.ts", "**/*.tsx"],
    ignores: ["lib/env.ts", "prisma.config.ts", "*.config.ts"],
    rules: {
      "no-restricted-properties": ["error", { object: "process", property: "env", message: "Read configuration through lib/env.ts." }],
    },
  },
]);
