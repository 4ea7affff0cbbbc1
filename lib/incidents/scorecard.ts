// The recovery scorecard on the overview: the recovery point and time the
// backups and drills achieve now, against the targets kept with the incident
// thresholds.
import { sharedCatalog } from "@/lib/ops/catalog";
import { readIncidentSettings } from "@/lib/incidents/settings";

/**
 * The recovery scorecard: what could be lost now (the age of the last good
 * backup) and how long a restore takes (the last passed drill), each against
 * the target the admin set on /incidents.
 */
export async function recoveryScorecard(now = Date.now()) {
  const [catalog, settings] = await Promise.all([sharedCatalog(), readIncidentSettings()]);
  const lastGood = catalog.find((e) => e.good && e.manifest?.kind === "regular")?.manifest ?? null;
  const drilled = catalog.find((e) => e.manifest?.verification?.ok)?.manifest?.verification ?? null;
  const exposureMs = lastGood ? now - Date.parse(lastGood.createdAt) : null;
  return {
    exposureMs,
    rpoMs: settings.targetRpoHours * 3_600_000,
    lastDrill: drilled ? { at: drilled.at, durationMs: drilled.durationMs } : null,
    rtoMs: settings.targetRtoMinutes * 60_000,
  };
}
