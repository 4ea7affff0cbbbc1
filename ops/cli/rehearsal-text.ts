// A rehearsal report as people read it in a terminal: one block per migration.
import type { RehearsalReport } from "@/lib/ops/rehearse/report";

export function rehearsalText(report: RehearsalReport): string {
  if (!report.migrations.length) return "nothing pending: no migration to rehearse";
  const lines = [`rehearsed on ${report.backup} at ${report.finished_at}${report.ok ? "" : " (a migration failed)"}`];
  for (const m of report.migrations) {
    lines.push(`${m.name}: ${m.duration_ms} ms${m.error ? `, FAILED: ${m.error}` : ""}`);
    for (const lock of m.locks) lines.push(`  lock ${lock.mode} on ${lock.table} held ${lock.held_ms} ms`);
    if (m.rewritten_tables.length) lines.push(`  REWROTE ${m.rewritten_tables.join(", ")}`);
    lines.push(`  the app's writer waited up to ${m.writer_max_ms} ms, its reader up to ${m.reader_max_ms} ms`);
    for (const c of m.plan_changes)
      lines.push(`  plan of ${c.family}: ${c.before} → ${c.after} (p95 ${c.p95_before_ms} → ${c.p95_after_ms} ms)`);
  }
  return lines.join("\n");
}
