// One evaluation of every incident rule: gather the facts, move the incidents,
// pin what the data-loss sentinel points at, and send what is owed. Run by one
// instance at a time (lib/incidents/scheduler.ts).
import { configuredChannels, deliver, type IncidentMessage } from "@/lib/incidents/deliver";
import { gatherFacts } from "@/lib/incidents/facts";
import { applyConditions, markSent, owedMessages, type Incident } from "@/lib/incidents/incidents";
import { pinBackup } from "@/lib/incidents/pin";
import { reconcileOutage } from "@/lib/incidents/outage";
import { RULES, ruleTitle, type Condition } from "@/lib/incidents/rules";
import { readIncidentSettings } from "@/lib/incidents/settings";
import { throttledWarning } from "@/lib/log/logger";

const warn = throttledWarning("incidents");

export type EvaluationSummary = { fired: string[]; sent: number; failedDeliveries: string[] };

export const messageOf = (incident: Incident, status: "firing" | "resolved"): IncidentMessage => ({
  incidentId: incident.id,
  status,
  rule: incident.rule,
  title: ruleTitle(incident.rule),
  subject: incident.subject,
  summary: incident.summary,
  at: (status === "firing" ? incident.firedAt : incident.resolvedAt) ?? new Date(),
});

export async function evaluateRules(now = new Date()): Promise<EvaluationSummary> {
  await reconcileOutage(now);
  const [settings, facts] = await Promise.all([readIncidentSettings(), gatherFacts(now)]);
  const fired: string[] = [];
  for (const rule of RULES) {
    let conditions: Condition[] | null;
    try {
      conditions = rule.evaluate(facts, settings);
    } catch (error) {
      warn(`rule ${rule.id} could not be evaluated: ${(error as Error).message}`);
      conditions = null;
    }
    for (const incident of await applyConditions(rule, conditions, now)) {
      fired.push(incident.subject ? `${incident.rule}:${incident.subject}` : incident.rule);
      const pin = conditions?.find((c) => c.subject === incident.subject)?.pin;
      if (pin)
        await pinBackup(pin, incident.summary).catch((e: Error) => warn(`could not pin ${pin.path}: ${e.message}`));
    }
  }
  const failedDeliveries: string[] = [];
  let sent = 0;
  for (const { incident, status, channel } of await owedMessages(configuredChannels(), now)) {
    try {
      await deliver(channel, messageOf(incident, status));
      await markSent(incident.id, status, channel, new Date());
      sent += 1;
    } catch (error) {
      failedDeliveries.push(`${channel}: ${(error as Error).message}`);
      warn(
        `could not send incident #${incident.id} (${status}) by ${channel}: ${(error as Error).message}; retrying next run`,
      );
    }
  }
  return { fired, sent, failedDeliveries };
}
