// Where incident messages go: a Slack-compatible webhook (ALERT_WEBHOOK_URL: a JSON body
// whose "text" Slack shows; the other fields are for any other receiver) and
// e-mail (SMTP_URL to ALERT_EMAIL_TO, through nodemailer), each bounded by
// ALERT_DELIVERY_TIMEOUT_S. A channel that fails throws; the evaluator retries
// it on its next run, and probes each channel so that a failing one is known.
import nodemailer from "nodemailer";
import { within } from "@/lib/deadline";
import { env } from "@/lib/env";
import { maskSecrets } from "@/lib/mask";

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

/** ALERT_DELIVERY_TIMEOUT_S: how long one webhook call or e-mail may take before the channel counts as failing. */
const deliveryTimeoutMs = () => env().ALERT_DELIVERY_TIMEOUT_S * 1000;

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
    signal: AbortSignal.timeout(deliveryTimeoutMs()),
  });
  if (!response.ok) throw new Error(`the webhook answered HTTP ${response.status}`);
}

/** nodemailer with every wait bounded: a slow or silent mail server fails the message, not the evaluation. */
function mailTransport() {
  const ms = deliveryTimeoutMs();
  return nodemailer.createTransport(env().SMTP_URL!, {
    connectionTimeout: ms,
    greetingTimeout: ms,
    socketTimeout: ms,
  } as Parameters<typeof nodemailer.createTransport>[1]);
}

async function sendEmail(message: IncidentMessage): Promise<void> {
  const e = env();
  const transport = mailTransport();
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

/**
 * Whether a channel answers now, without sending anything: any HTTP answer to
 * a HEAD of the webhook, an SMTP greeting (and sign-in, if configured) from
 * the mail server; within ALERT_DELIVERY_TIMEOUT_S.
 */
export async function probeChannel(channel: Channel): Promise<{ ok: boolean; error?: string }> {
  try {
    if (channel === "webhook") {
      await fetch(env().ALERT_WEBHOOK_URL!, { method: "HEAD", signal: AbortSignal.timeout(deliveryTimeoutMs()) });
    } else {
      const transport = mailTransport();
      try {
        await within(transport.verify(), deliveryTimeoutMs() + 500, "the mail server");
      } finally {
        transport.close();
      }
    }
    return { ok: true };
  } catch (error) {
    const e = error as Error;
    const reason = e.name === "TimeoutError" ? `no answer within ${env().ALERT_DELIVERY_TIMEOUT_S} s` : e.message;
    return { ok: false, error: maskSecrets(reason || e.name) };
  }
}
