// npm run pitr:status [-- --json]: where point-in-time recovery stands now.
import { pitrStatus, type PitrStatus } from "@/lib/pitr/status";
import { runCli } from "./run";

const when = (iso: string | null) => (iso ? `${iso.replace("T", " ").slice(0, 19)} UTC` : "never");
const mb = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;

function describe(s: Extract<PitrStatus, { state: "ok" }>): string[] {
  const a = s.archiver;
  return [
    `stanza ${s.stanza}: ${s.stanzaStatus}; repository ${s.repository}${s.encrypted ? " (encrypted)" : ""}`,
    `archiving: last ${a.lastArchivedWal ?? "none"} at ${when(a.lastArchivedAt)}; ${a.failing ? `FAILING since ${when(a.lastFailedAt)} (${a.lastFailedWal})` : `${a.failedCount} failure(s) in all`}`,
    `RPO now: ${a.rpoS < 0 ? "unknown (nothing archived yet)" : `${a.rpoS} s`} (${mb(a.unarchivedBytes)} of WAL not yet archived)`,
    `recoverable window: ${s.window ? `${when(s.window.from)} to ${when(s.window.to)}` : "none yet"}`,
    `repository free: ${s.repoFree ? `${mb(s.repoFree.bytes)} (${Math.round(s.repoFree.ratio * 100)}%)` : "n/a (S3)"}`,
    "backups:",
    ...s.backups.map(
      (b) =>
        `  ${b.label}  ${b.type.padEnd(4)}  ${when(b.startedAt)}  ${b.durationS} s  ${mb(b.sizeBytes)} (${mb(b.repoBytes)} stored)  WAL ${b.walStart ?? "?"}..${b.walStop ?? "?"}`,
    ),
  ];
}

runCli(async (args) => {
  const status = await pitrStatus();
  if (args.includes("--json")) console.log(JSON.stringify(status, null, 2));
  else if (status.state === "ok") console.log(describe(status).join("\n"));
  else console.log(`point-in-time recovery: ${status.state}: ${status.reason}`);
  if (status.state !== "ok") process.exitCode = status.state === "error" ? 1 : 3;
});
