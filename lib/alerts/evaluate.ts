// One evaluation of every alert rule: gather the facts, move the incidents,
// pin what the data-loss sentinel points at, and send what is owed. Run by one
// instance at a time (lib/alerts/scheduler.ts).
import { configuredChannels, deliver, type AlertMessage } from "@/lib/alerts/deliver";
import { gatherFacts } from "@/lib/alerts/facts";
import { applyConditions, markSent, owedMessages, type Incident } from "@/lib/alerts/incidents";
import { pinBackup } from "@/lib/alerts/pin";
import { reconcileOutage } from "@/lib/alerts/outage";
import { RULES, ruleTitle, type Condition } from "@/lib/alerts/rules";
import { readAlertSettings } from "@/lib/alerts/settings";
import { throttledWarning } from "@/lib/log/logger";

const warn = throttledWarning("alerts");

export type EvaluationSummary = { fired: string[]; sent: number; failedDeliveries: string[] };

export const messageOf = (incident: Incident, status: "firing" | "resolved"): AlertMessage => ({
  incidentId: incident.id,
  status,
  rule: incident.rule,
  title: ruleTitle(incident.rule),
  subject: incident.subject,
  summary: incident.summary,
  at: (status === "firing" ? incident.firedAt : incident.resolvedAt) ?? new Date(),
});

export async function evaluateAlerts(now = new Date()): Promise<EvaluationSummary> {
  await reconcileOutage(now);
  const [settings, facts] = await Promise.all([readAlertSettings(), gatherFacts(now)]);
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
