// One evaluation of every incident rule: gather the facts (each on its own
// deadline), evaluate each rule whose facts could be read and record why the
// others could not, move the incidents, pin what the data-loss sentinel points
// at, and send what is owed. Run by one instance at a time
// (lib/incidents/scheduler.ts). Nothing one dependency does (refused, stalled,
// slow) stops the rules that do not need it.
import { recordChannels } from "@/lib/incidents/channels";
import { recordChecks } from "@/lib/incidents/checks";
import { configuredChannels, deliver, type Channel, type IncidentMessage } from "@/lib/incidents/deliver";
import { gatherFacts, type Gathered } from "@/lib/incidents/facts";
import { applyConditions, markSent, owedMessages, type Incident } from "@/lib/incidents/incidents";
import { pinBackup } from "@/lib/incidents/pin";
import { reconcileOutage } from "@/lib/incidents/outage";
import { holdFor, RULES, ruleTitle, type Condition, type Rule } from "@/lib/incidents/rules";
import { readIncidentSettings, type IncidentSettings } from "@/lib/incidents/settings";
import { throttledWarning } from "@/lib/log/logger";

const warn = throttledWarning("incidents");

export type EvaluationSummary = {
  fired: string[];
  sent: number;
  failedDeliveries: string[];
  /** Rules that could not be evaluated, with why (a fact they need could not be read). */
  notEvaluated: Record<string, string>;
};

export const messageOf = (incident: Incident, status: "firing" | "resolved"): IncidentMessage => ({
  incidentId: incident.id,
  status,
  rule: incident.rule,
  title: ruleTitle(incident.rule),
  subject: incident.subject,
  summary: incident.summary,
  at: (status === "firing" ? incident.firedAt : incident.resolvedAt) ?? new Date(),
});

/** The rule's conditions, or null with the reason it could not be evaluated. */
function conditionsOf(rule: Rule, { facts, failures }: Gathered, settings: IncidentSettings) {
  const missing = (rule.needs ?? []).filter((name) => failures[name] !== undefined);
  if (missing.length) return { conditions: null, reason: missing.map((name) => failures[name]).join("; ") };
  try {
    return { conditions: rule.evaluate(facts, settings), reason: null };
  } catch (error) {
    return { conditions: null, reason: `the rule failed: ${(error as Error).message}` };
  }
}

async function applyRules(gathered: Gathered, settings: IncidentSettings, now: Date) {
  const fired: string[] = [];
  const notEvaluated: Record<string, string> = {};
  for (const rule of RULES) {
    const { conditions, reason } = conditionsOf(rule, gathered, settings);
    if (reason) notEvaluated[rule.id] = reason;
    for (const incident of await applyConditions({ id: rule.id, forMs: holdFor(rule, settings) }, conditions, now)) {
      fired.push(incident.subject ? `${incident.rule}:${incident.subject}` : incident.rule);
      const pin = conditions?.find((c: Condition) => c.subject === incident.subject)?.pin;
      if (pin)
        await pinBackup(pin, incident.summary).catch((e: Error) => warn(`could not pin ${pin.path}: ${e.message}`));
    }
  }
  const checks = RULES.map((r) => ({
    name: `rule:${r.id}`,
    ok: !notEvaluated[r.id],
    detail: notEvaluated[r.id] ?? null,
  }));
  await recordChecks(checks, now);
  return { fired, notEvaluated };
}

/** Sends what is owed; returns what went out and, per channel, why a delivery failed. */
async function deliverOwed(now: Date) {
  const failedDeliveries: string[] = [];
  const errors = new Map<Channel, string>();
  let sent = 0;
  for (const { incident, status, channel } of await owedMessages(configuredChannels(), now)) {
    try {
      await deliver(channel, messageOf(incident, status));
      await markSent(incident.id, status, channel, new Date());
      sent += 1;
    } catch (error) {
      const reason = (error as Error).message || (error as Error).name;
      failedDeliveries.push(`${channel}: ${reason}`);
      errors.set(channel, reason);
      warn(`could not send incident #${incident.id} (${status}) by ${channel}: ${reason}; retrying next run`);
    }
  }
  return { sent, failedDeliveries, errors };
}

export async function evaluateRules(now = new Date()): Promise<EvaluationSummary> {
  // An outage of Postgres kept in Redis is written back first; Redis not answering must not stop the run.
  await reconcileOutage(now).catch((e: Error) => warn(`the Postgres outage record could not be read: ${e.message}`));
  const [settings, gathered] = await Promise.all([readIncidentSettings(), gatherFacts(now)]);
  for (const [fact, reason] of Object.entries(gathered.failures)) warn(`could not read ${fact}: ${reason}`);
  const { fired, notEvaluated } = await applyRules(gathered, settings, now);
  const { sent, failedDeliveries, errors } = await deliverOwed(now);
  // Each channel as found now (its probe, this run's deliveries): the delivery_failing rule reads it next time.
  if (gathered.facts.channels) await recordChannels(gathered.facts.channels, errors, now);
  return { fired, notEvaluated, sent, failedDeliveries };
}
