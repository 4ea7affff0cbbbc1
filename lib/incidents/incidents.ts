// Incidents in Postgres: one per rule and subject while open. A condition that
// starts holding opens one (pending, or firing at once when the rule needs no
// duration); it fires when it has held for the rule's duration, and resolves
// when it no longer holds. Messages are owed per status and channel and
// recorded when sent, so one incident is one "firing" and one "resolved", a
// restart sends nothing twice, and a failed channel is retried.
import { recordAudit } from "@/lib/db/queries/audit";
import type { Channel } from "@/lib/incidents/deliver";
import type { Condition } from "@/lib/incidents/rules";
import { sql } from "@/lib/db/sql";

export type Incident = {
  id: number;
  rule: string;
  subject: string;
  status: "pending" | "firing" | "resolved";
  summary: string;
  pendingSince: Date;
  firedAt: Date | null;
  resolvedAt: Date | null;
  acknowledgedBy: string | null;
  acknowledgedAt: Date | null;
  snoozedUntil: Date | null;
  /** Snoozed now (snoozedUntil is still ahead). */
  snoozed: boolean;
  /** "firing:webhook" → when it was sent. */
  sent: Record<string, string>;
};

const COLUMNS = `id, rule, subject, status, summary, pending_since AS "pendingSince", fired_at AS "firedAt",
  resolved_at AS "resolvedAt", acknowledged_by AS "acknowledgedBy", acknowledged_at AS "acknowledgedAt",
  snoozed_until AS "snoozedUntil", coalesce(snoozed_until > now(), false) AS snoozed, sent`;

/** Messages older than this are not retried any more (a day-old "firing" helps nobody). */
const RETRY_FOR_MS = 24 * 3_600_000;

// The audit entries keep the "alert" names they were first written with, so that old and new entries read alike.
const audit = (incident: Pick<Incident, "rule" | "subject" | "summary">, status: "firing" | "resolved") =>
  recordAudit({
    actor: "alerts",
    action: `alert:${status}`,
    target: incident.subject ? `${incident.rule}:${incident.subject}` : incident.rule,
    outcome: "ok",
    details: { summary: incident.summary },
  });

/**
 * Moves `rule`'s incidents to match the conditions that hold now. Returns the
 * incidents that fired (for side effects such as pinning a backup).
 */
export async function applyConditions(
  rule: { id: string; forMs: number },
  conditions: Condition[] | null,
  now: Date,
): Promise<Incident[]> {
  if (conditions === null) return []; // cannot tell: leave everything as it is
  const holdMs = rule.forMs;
  const open = await sql<Incident>(
    "AlertIncident.findOpen",
    `SELECT ${COLUMNS} FROM alert_incidents WHERE rule = $1 AND resolved_at IS NULL`,
    [rule.id],
  );
  const fired: Incident[] = [];
  for (const condition of conditions) {
    const existing = open.find((i) => i.subject === condition.subject);
    if (!existing) {
      const firing = holdMs === 0;
      const [created] = await sql<Incident>(
        "AlertIncident.create",
        `INSERT INTO alert_incidents (rule, subject, status, summary, pending_since, fired_at)
         VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING RETURNING ${COLUMNS}`,
        [rule.id, condition.subject, firing ? "firing" : "pending", condition.summary, now, firing ? now : null],
      );
      if (created && firing) {
        fired.push(created);
        await audit(created, "firing");
      }
    } else if (existing.status === "pending" && now.getTime() - existing.pendingSince.getTime() >= holdMs) {
      const [updated] = await sql<Incident>(
        "AlertIncident.fire",
        `UPDATE alert_incidents SET status = 'firing', fired_at = $2, summary = $3 WHERE id = $1 RETURNING ${COLUMNS}`,
        [existing.id, now, condition.summary],
      );
      fired.push(updated);
      await audit(updated, "firing");
    } else {
      await sql("AlertIncident.updateSummary", `UPDATE alert_incidents SET summary = $2 WHERE id = $1`, [
        existing.id,
        condition.summary,
      ]);
    }
  }
  for (const incident of open.filter((i) => !conditions.some((c) => c.subject === i.subject))) {
    if (incident.status === "pending") {
      await sql("AlertIncident.forgetPending", `DELETE FROM alert_incidents WHERE id = $1`, [incident.id]); // it never fired: nothing to resolve
    } else {
      await sql(
        "AlertIncident.resolve",
        `UPDATE alert_incidents SET status = 'resolved', resolved_at = $2 WHERE id = $1`,
        [incident.id, now],
      );
      await audit(incident, "resolved");
    }
  }
  return fired;
}

export type OwedMessage = { incident: Incident; status: "firing" | "resolved"; channel: Channel };

/** A failing channel's own incident goes by the other channels only: it could not tell anyone. */
const DELIVERY_RULE = "delivery_failing";

/**
 * What has not been sent yet: "firing" on every channel for a firing incident,
 * and "resolved" on every channel that was told it fired. Snoozed incidents
 * wait until the snooze ends.
 */
export async function owedMessages(channels: Channel[], now: Date): Promise<OwedMessage[]> {
  if (!channels.length) return [];
  const incidents = await sql<Incident>(
    "AlertIncident.findOwed",
    `SELECT ${COLUMNS} FROM alert_incidents
      WHERE status <> 'pending' AND (snoozed_until IS NULL OR snoozed_until <= $1)
        AND coalesce(resolved_at, fired_at) >= $2
      ORDER BY id`,
    [now, new Date(now.getTime() - RETRY_FOR_MS)],
  );
  return incidents.flatMap((incident) =>
    channels.flatMap((channel): OwedMessage[] => {
      if (incident.rule === DELIVERY_RULE && incident.subject === channel) return [];
      const firingSent = `firing:${channel}` in incident.sent;
      if (incident.status === "firing" && !firingSent) return [{ incident, status: "firing", channel }];
      if (incident.status === "resolved" && firingSent && !(`resolved:${channel}` in incident.sent))
        return [{ incident, status: "resolved", channel }];
      return [];
    }),
  );
}

export async function markSent(id: number, status: "firing" | "resolved", channel: Channel, at: Date): Promise<void> {
  await sql(
    "AlertIncident.markSent",
    `UPDATE alert_incidents SET sent = sent || jsonb_build_object($2::text, $3::text) WHERE id = $1`,
    [id, `${status}:${channel}`, at.toISOString()],
  );
}

/** The incidents page: open incidents first, then the most recent resolved ones. */
export const listIncidents = (limit = 100) =>
  sql<Incident>(
    "AlertIncident.list",
    `SELECT ${COLUMNS} FROM alert_incidents
      ORDER BY (resolved_at IS NULL) DESC, pending_since DESC LIMIT $1`,
    [limit],
  );

export async function acknowledge(id: number, actor: string): Promise<boolean> {
  const rows = await sql(
    "AlertIncident.acknowledge",
    `UPDATE alert_incidents SET acknowledged_by = $2, acknowledged_at = now() WHERE id = $1 AND resolved_at IS NULL RETURNING id`,
    [id, actor],
  );
  return rows.length === 1;
}

export async function snooze(id: number, until: Date | null): Promise<boolean> {
  const rows = await sql(
    "AlertIncident.snooze",
    `UPDATE alert_incidents SET snoozed_until = $2 WHERE id = $1 AND resolved_at IS NULL RETURNING id`,
    [id, until],
  );
  return rows.length === 1;
}

/** Records an incident that happened while Postgres was unreachable (its state was kept in Redis). */
export async function recordOutage(
  rule: string,
  summary: string,
  since: Date,
  firedAt: Date,
  resolvedAt: Date,
  sent: Record<string, string>,
): Promise<void> {
  await sql(
    "AlertIncident.recordOutage",
    `INSERT INTO alert_incidents (rule, status, summary, pending_since, fired_at, resolved_at, sent)
     VALUES ($1, 'resolved', $2, $3, $4, $5, $6)`,
    [rule, summary, since, firedAt, resolvedAt, JSON.stringify(sent)],
  );
  await audit({ rule, subject: "", summary }, "firing");
  await audit({ rule, subject: "", summary }, "resolved");
}

/** When the rules were last evaluated, and by which instance. */
export async function lastEvaluation(): Promise<{ at: Date; by: string } | null> {
  const [row] = await sql<{ at: Date; by: string }>(
    "MonitorTick.lastEvaluation",
    `SELECT last_run_at AS at, run_by AS by FROM monitor_ticks WHERE name = 'alerts'`,
  );
  return row ?? null;
}
