"use client";
// The incident thresholds and recovery targets, one field each with its unit.
import { useActionState } from "react";
import type { Action } from "@/lib/actions/action";
import type { IncidentSettings } from "@/lib/incidents/settings";
import { ActionStatus, FieldError, SubmitButton } from "@/components/forms/action-status";
import { ui } from "@/components/ui/styles";

const FIELDS: { name: keyof IncidentSettings; label: string; unit: string }[] = [
  { name: "backupMaxAgeHours", label: "Last good backup older than", unit: "hours" },
  { name: "drillMaxAgeDays", label: "No passed restore drill for", unit: "days" },
  { name: "queryP95Ms", label: "A query family's p95 above (for 5 minutes)", unit: "ms" },
  { name: "diskMinFreePercent", label: "BACKUP_DIR's disk free below", unit: "%" },
  { name: "sequenceMaxPercent", label: "A sequence used above", unit: "%" },
  { name: "xidMaxAge", label: "Transaction-id age above", unit: "transactions" },
  { name: "rowDropPercent", label: "A table lost between two backups more than", unit: "% of its rows" },
  { name: "rowDropMinRows", label: "…if it had at least", unit: "rows" },
  { name: "targetRpoHours", label: "Recovery point target (data you accept losing)", unit: "hours" },
  { name: "targetRtoMinutes", label: "Recovery time target (a restore's length)", unit: "minutes" },
  { name: "longQuerySeconds", label: "One statement running longer than", unit: "seconds" },
  { name: "lockWaitSeconds", label: "A session waiting on a lock longer than", unit: "seconds" },
  { name: "idleInTransactionSeconds", label: "A transaction left idle longer than", unit: "seconds" },
  {
    name: "analyzeChangedPercent",
    label: "A table changed since its last analyze by more than",
    unit: "% of its rows",
  },
  { name: "analyzeMinRows", label: "…for tables of at least", unit: "rows" },
  { name: "tableChecksHoldMinutes", label: "Stale statistics lasting at least", unit: "minutes" },
  { name: "connectionsMaxPercent", label: "Connections in use above", unit: "% of max_connections" },
  { name: "slotRetainedMegabytes", label: "An active replication slot keeping more WAL than", unit: "MB" },
  { name: "replicaLagSeconds", label: "A read replica behind the primary by more than", unit: "seconds" },
  { name: "pitrUnarchivedMaxMinutes", label: "PITR: a write not yet archived after", unit: "minutes" },
  { name: "pitrFullMaxAgeDays", label: "PITR: no full backup for", unit: "days" },
  { name: "pitrRepoMinFreePercent", label: "PITR repository's disk free below", unit: "%" },
  { name: "planBaselineHours", label: "A new plan is compared with the plans of the", unit: "hours before it" },
  { name: "planRegressionRatio", label: "…and is an incident when its p95 is at least", unit: "× theirs" },
  { name: "planMinCalls", label: "…over at least", unit: "calls each" },
  { name: "unusedIndexMinStatsDays", label: "Checklist: judge unused indexes once statistics are", unit: "days old" },
  { name: "cacheHitMinPercent", label: "Checklist: cache hit ratio below", unit: "%" },
  { name: "commitMinPercent", label: "Checklist: transactions committed below", unit: "%" },
  { name: "preparedMaxMinutes", label: "Checklist: a prepared transaction older than", unit: "minutes" },
  { name: "walReadyMaxSegments", label: "Checklist: WAL segments waiting for the archiver over", unit: "segments" },
  { name: "bloatMinPercent", label: "Checklist: an index bloated when wasting at least", unit: "% (and 8 MB)" },
  { name: "sharedBuffersMinPercent", label: "Checklist: shared_buffers at least", unit: "% of memory" },
  { name: "sharedBuffersMaxPercent", label: "Checklist: shared_buffers at most", unit: "% of memory" },
  { name: "effectiveCacheMinPercent", label: "Checklist: effective_cache_size at least", unit: "% of memory" },
  { name: "workMemTotalMaxPercent", label: "Checklist: work_mem × max_connections at most", unit: "% of memory" },
  { name: "randomPageCostSsdMax", label: "Checklist: random_page_cost on SSD at most", unit: "" },
  { name: "checkpointsForcedMaxPercent", label: "Checklist: checkpoints forced by WAL volume at most", unit: "%" },
];

export function IncidentSettingsForm({ action, settings }: { action: Action; settings: IncidentSettings }) {
  const [state, formAction] = useActionState(action, null);
  return (
    <form action={formAction} className={ui.stack} aria-label="Incident settings">
      <div className={ui.formGrid}>
        {FIELDS.map((f) => (
          <label key={f.name} className={ui.field}>
            <span>
              {f.label} ({f.unit})
            </span>
            <input
              name={f.name}
              type="number"
              step="any"
              defaultValue={settings[f.name]}
              required
              aria-invalid={Boolean(state?.fieldErrors?.[f.name])}
            />
            <FieldError state={state} name={f.name} />
          </label>
        ))}
      </div>
      <div className={ui.toolbar}>
        <SubmitButton pending="Saving…">Save settings</SubmitButton>
      </div>
      <ActionStatus state={state} />
    </form>
  );
}
