// Shared entry for operator CLIs: one clear line on failure, a non-zero exit,
// connections closed, no stack traces for expected errors.
import { ConfigError } from "@/lib/env";
import { closeDb } from "@/lib/db/client";
import { maskSecrets } from "@/lib/mask";

export function runCli(main: (args: string[]) => Promise<void>): void {
  main(process.argv.slice(2))
    .then(() => closeDb())
    .then(() => process.exit(process.exitCode ?? 0))
    .catch(async (error: unknown) => {
      const message = error instanceof Error ? error.message : String(error);
      console.error(error instanceof ConfigError ? message : `error: ${maskSecrets(message)}`);
      await closeDb().catch(() => {});
      process.exit(1);
    });
}
