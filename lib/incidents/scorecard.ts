// The recovery scorecard on the overview: the recovery point and time the
// backups, drills and point-in-time recovery achieve now, against the targets
// kept with the incident thresholds.
import { sharedCatalog } from "@/lib/ops/catalog";
import { readIncidentSettings } from "@/lib/incidents/settings";
import { pitrStatus } from "@/lib/pitr/status";
import { lastAuditDetails } from "@/lib/db/queries/audit";

/**
 * The recovery scorecard: what could be lost now (with working point-in-time
 * recovery, the age of the oldest write not yet archived; otherwise the age
 * of the last good backup) and how long a restore takes (the last passed
 * drill), each against the target the admin set on /incidents.
 */
export async function recoveryScorecard(now = Date.now()) {
  const [catalog, settings, pitr, pitrDrill] = await Promise.all([
    sharedCatalog(),
    readIncidentSettings(),
    pitrStatus(),
    lastAuditDetails("pitr-drill:measured"),
  ]);
  const lastGood = catalog.find((e) => e.good && e.manifest?.kind === "regular")?.manifest ?? null;
  const drilled = catalog.find((e) => e.manifest?.verification?.ok)?.manifest?.verification ?? null;
  const logicalMs = lastGood ? now - Date.parse(lastGood.createdAt) : null;
  const archiving = pitr.state === "ok" && !pitr.archiver.failing && pitr.archiver.rpoS >= 0 && pitr.window !== null;
  const exposureMs = archiving ? pitr.archiver.rpoS * 1000 : logicalMs;
  return {
    exposureMs,
    /** What the exposure is measured from: "pitr" (unarchived WAL) or "backup" (the last good logical backup). */
    exposureBy: archiving ? ("pitr" as const) : ("backup" as const),
    rpoMs: settings.targetRpoHours * 3_600_000,
    lastDrill: drilled ? { at: drilled.at, durationMs: drilled.durationMs } : null,
    /** The last passed PITR drill: how long recovering the cluster to a point took. */
    lastPitrDrill: pitrDrill
      ? { at: pitrDrill.at.toISOString(), durationMs: Number((pitrDrill.details as { rtoMs?: number }).rtoMs ?? 0) }
      : null,
    rtoMs: settings.targetRtoMinutes * 60_000,
  };
}
