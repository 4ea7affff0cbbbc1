// Where incident messages go: a Slack-compatible webhook (ALERT_WEBHOOK_URL: a JSON body
// whose "text" Slack shows; the other fields are for any other receiver) and
// e-mail (SMTP_URL to ALERT_EMAIL_TO, through nodemailer). A channel that
// fails throws; the evaluator retries it on its next run.
import nodemailer from "nodemailer";
import { env } from "@/lib/env";

export type Channel = "webhook" | "email";

export type IncidentMessage = {
  /** Null for an outage of Postgres itself (recorded as an incident once Postgres is back). */
  incidentId: number | null;
  status: "firing" | "resolved";
  rule: string;
  title: string;
  subject: string;
  summary: string;
  /** When the incident fired (or resolved). */
  at: Date;
};

const WEBHOOK_TIMEOUT_MS = 5_000;

/** The channels the settings configure. */
export function configuredChannels(): Channel[] {
  const e = env();
  return [
    ...(e.ALERT_WEBHOOK_URL ? (["webhook"] as const) : []),
    ...(e.SMTP_URL && e.ALERT_EMAIL_TO ? (["email"] as const) : []),
  ];
}

/** What the incidents page shows of the delivery settings (no secrets: the webhook's host only). */
export function deliverySummary(): { webhookHost: string | null; emailTo: string | null } {
  const e = env();
  const channels = configuredChannels();
  return {
    webhookHost: channels.includes("webhook") ? new URL(e.ALERT_WEBHOOK_URL!).host : null,
    emailTo: channels.includes("email") ? e.ALERT_EMAIL_TO! : null,
  };
}

export function headline(message: IncidentMessage): string {
  return `[${message.status.toUpperCase()}] ${message.title}${message.subject ? ` (${message.subject})` : ""}`;
}

function body(message: IncidentMessage): string {
  return [
    `${headline(message)}: ${message.summary}`,
    `${message.incidentId === null ? "Postgres outage" : `Incident #${message.incidentId}`}, ${message.status} at ${message.at.toISOString().replace("T", " ").slice(0, 19)} UTC. LegendAI Admin: /incidents has it.`,
  ].join("\n");
}

async function postWebhook(url: string, message: IncidentMessage): Promise<void> {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ text: body(message), ...message, at: message.at.toISOString() }),
    signal: AbortSignal.timeout(WEBHOOK_TIMEOUT_MS),
  });
  if (!response.ok) throw new Error(`the webhook answered HTTP ${response.status}`);
}

async function sendEmail(message: IncidentMessage): Promise<void> {
  const e = env();
  const transport = nodemailer.createTransport(e.SMTP_URL!);
  try {
    await transport.sendMail({
      from: e.ALERT_EMAIL_FROM,
      to: e.ALERT_EMAIL_TO,
      subject: headline(message),
      text: body(message),
    });
  } finally {
    transport.close();
  }
}

export async function deliver(channel: Channel, message: IncidentMessage): Promise<void> {
  if (channel === "webhook") await postWebhook(env().ALERT_WEBHOOK_URL!, message);
  else await sendEmail(message);
}
