// Evaluating the incident rules as the app does, against the run's database
// and Redis, with a webhook and SMTP sink of its own and a temporary
// BACKUP_DIR: for the tests that provoke a condition and watch its incident
// fire once and resolve once.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { loadEnv, withEnv } from "@/lib/env";
import { evaluateRules } from "@/lib/incidents/evaluate";
import { incidentSettingsSchema, saveIncidentSettings, type IncidentSettings } from "@/lib/incidents/settings";
import { startIncidentSinks, type IncidentSinks } from "./incident-sinks";

export type IncidentRun = {
  sinks: IncidentSinks;
  evaluate: () => ReturnType<typeof evaluateRules>;
  /** The webhook messages of one rule (and subject), as "firing"/"resolved". */
  messages: (rule: string, subject?: string) => string[];
  settings: (over: Partial<IncidentSettings>) => Promise<void>;
  close: () => Promise<void>;
};

export async function startIncidentRun(extraEnv: Record<string, string> = {}): Promise<IncidentRun> {
  const sinks = await startIncidentSinks();
  const backupDir = await mkdtemp(path.join(tmpdir(), "legendai-incident-run-"));
  const config = loadEnv({
    ...process.env, // eslint-disable-line no-restricted-properties -- the run's database and Redis prefix
    BACKUP_DIR: backupDir,
    ALERT_WEBHOOK_URL: sinks.webhookUrl,
    SMTP_URL: sinks.smtpUrl,
    ALERT_EMAIL_TO: "oncall@legendai.test",
    ALERT_OUTAGE_FOR_S: "0",
    ...extraEnv,
  });
  return {
    sinks,
    evaluate: () => withEnv(config, () => evaluateRules()),
    messages: (rule, subject) =>
      sinks.webhooks
        .filter((w) => w.rule === rule && (subject === undefined || w.subject === subject))
        .map((w) => w.status),
    settings: (over) => saveIncidentSettings({ ...incidentSettingsSchema.parse({}), ...over }, "test"),
    close: async () => {
      await sinks.close();
      await rm(backupDir, { recursive: true, force: true });
    },
  };
}
