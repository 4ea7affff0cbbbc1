// Where test incident messages go: a webhook receiver (an HTTP server keeping each JSON
// body) and an SMTP sink (smtp-server keeping each message's raw text), both
// on free ports of 127.0.0.1. Shared by the Vitest and Playwright suites.
import http from "node:http";
import type net from "node:net";
import { SMTPServer } from "smtp-server";

export type IncidentSinks = {
  webhookUrl: string;
  smtpUrl: string;
  /** The JSON bodies posted to the webhook, in order. */
  webhooks: { text: string; status: string; rule: string; subject: string }[];
  /** The raw messages (headers and body) received by SMTP, in order. */
  emails: string[];
  /** Answer the webhook with this HTTP status (200 by default). */
  webhookStatus: number;
  close: () => Promise<void>;
};

export async function startIncidentSinks(): Promise<IncidentSinks> {
  const sinks = { webhooks: [], emails: [], webhookStatus: 200 } as unknown as IncidentSinks;
  const web = http.createServer((request, response) => {
    let body = "";
    request.on("data", (chunk) => (body += chunk));
    request.on("end", () => {
      // A HEAD is the monitor asking whether the webhook answers at all: nothing to keep.
      if (request.method === "POST" && sinks.webhookStatus === 200) sinks.webhooks.push(JSON.parse(body));
      response.writeHead(sinks.webhookStatus).end();
    });
  });
  await new Promise<void>((resolve) => web.listen(0, "127.0.0.1", resolve));
  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    onData(stream, _session, callback) {
      let raw = "";
      stream.on("data", (chunk: Buffer) => (raw += chunk.toString()));
      stream.on("end", () => {
        sinks.emails.push(raw);
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, "127.0.0.1", resolve));
  const portOf = (server: { address: () => string | net.AddressInfo | null }) =>
    (server.address() as net.AddressInfo).port;
  sinks.webhookUrl = `http://127.0.0.1:${portOf(web)}/hook`;
  sinks.smtpUrl = `smtp://127.0.0.1:${portOf(smtp.server)}`;
  sinks.close = async () => {
    await new Promise((resolve) => web.close(resolve));
    await new Promise<void>((resolve) => smtp.close(() => resolve()));
  };
  return sinks;
}
