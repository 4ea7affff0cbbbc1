// npm run db:status [-- --json]: every migration with its state, and the current one.
import { directDatabaseUrl } from "@/lib/env";
import { migrationStatus, type MigrationState } from "@/lib/db/migrations/status";
import { runCli } from "./run";

const when = (iso: string | null) => (iso ? iso.replace("T", " ").slice(0, 19) : "-");
const file = (m: MigrationState) =>
  m.checksumMatches === null ? "-" : m.checksumMatches ? "unchanged" : "CHANGED since applied";

runCli(async (args) => {
  const report = await migrationStatus({ connectionString: directDatabaseUrl() });
  if (args.includes("--json")) {
    console.log(JSON.stringify(report.migrations, null, 2));
    return;
  }
  const width = Math.max(9, ...report.migrations.map((m) => m.name.length));
  console.log(
    `${"migration".padEnd(width)}  ${"status".padEnd(11)}  ${"started (UTC)".padEnd(19)}  ${"finished (UTC)".padEnd(19)}  file`,
  );
  for (const m of report.migrations) {
    console.log(
      `${m.name.padEnd(width)}  ${m.status.padEnd(11)}  ${when(m.startedAt).padEnd(19)}  ${when(m.finishedAt).padEnd(19)}  ${file(m)}`,
    );
  }
  const { applied, pending, failed, rolled_back } = report.counts;
  console.log(`current: ${report.current ?? "(none)"}  head: ${report.head ?? "(none)"}`);
  console.log(`${applied} applied, ${pending + rolled_back} pending, ${failed} failed`);
  if (report.existingSchemaWithoutHistory) {
    console.log("existing schema, no history: baseline it with `npm run db:migrate -- --backup-first --baseline`");
  }
});
