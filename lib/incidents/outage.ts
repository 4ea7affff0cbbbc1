// When Postgres itself is unreachable the incidents table is too: the state of
// that one incident lives in Redis (one instance leads through a key with a
// lifetime) until Postgres answers again, and is then written to Postgres
// like any other incident, "resolved" sent to whoever was told it fired.
import { redis } from "@/lib/db/client";
import { waitUntilReady } from "@/lib/db/redis";
import { env } from "@/lib/env";
import { configuredChannels, deliver, type IncidentMessage } from "@/lib/incidents/deliver";
import { recordOutage } from "@/lib/incidents/incidents";
import { POSTGRES_RULE } from "@/lib/incidents/rules";
import { THIS_INSTANCE } from "@/lib/monitoring/instances";

const REDIS_WAIT_MS = 500;

type OutageState = { since: string; summary: string; firedAt: string | null; sent: Record<string, string> };

const stateKey = () => `${env().REDIS_KEY_PREFIX}alerts:postgres-down`;
const leaderKey = () => `${env().REDIS_KEY_PREFIX}alerts:postgres-down:leader`;

const message = (state: OutageState, status: "firing" | "resolved", at: Date): IncidentMessage => ({
  incidentId: null,
  status,
  rule: POSTGRES_RULE.id,
  title: POSTGRES_RULE.title,
  subject: "",
  summary: state.summary,
  at,
});

async function readState(): Promise<OutageState | null> {
  const text = await redis().get(stateKey());
  return text ? (JSON.parse(text) as OutageState) : null;
}

/** One evaluation while Postgres does not answer: fires after ALERT_OUTAGE_FOR_S, once per channel. */
export async function whilePostgresDown(now: Date, reason: string, everyMs: number): Promise<void> {
  if (!(await waitUntilReady(redis(), REDIS_WAIT_MS))) return; // nowhere to keep the state: nothing can be coordinated
  const leads = await redis().set(leaderKey(), THIS_INSTANCE, "PX", Math.max(1, Math.round(everyMs * 0.9)), "NX");
  if (!leads) return;
  const state = (await readState()) ?? {
    since: now.toISOString(),
    summary: `Postgres has not answered since ${now.toISOString().slice(11, 19)} UTC: ${reason}`,
    firedAt: null,
    sent: {},
  };
  if (!state.firedAt && now.getTime() - Date.parse(state.since) >= env().ALERT_OUTAGE_FOR_S * 1000)
    state.firedAt = now.toISOString();
  if (state.firedAt) {
    for (const channel of configuredChannels().filter((c) => !(`firing:${c}` in state.sent))) {
      await deliver(channel, message(state, "firing", new Date(state.firedAt))).then(
        () => (state.sent[`firing:${channel}`] = new Date().toISOString()),
        () => {}, // retried on the next evaluation
      );
    }
  }
  await redis().set(stateKey(), JSON.stringify(state));
}

/** Called when Postgres answers: an outage kept in Redis becomes a resolved incident. */
export async function reconcileOutage(now: Date): Promise<void> {
  if (!(await waitUntilReady(redis(), REDIS_WAIT_MS))) return;
  const state = await readState();
  if (!state) return;
  if (state.firedAt) {
    for (const channel of configuredChannels().filter((c) => `firing:${c}` in state.sent)) {
      await deliver(channel, message(state, "resolved", now)).then(
        () => (state.sent[`resolved:${channel}`] = new Date().toISOString()),
        () => {}, // Postgres is back: the incident is on /incidents either way
      );
    }
    await recordOutage(
      POSTGRES_RULE.id,
      state.summary,
      new Date(state.since),
      new Date(state.firedAt),
      now,
      state.sent,
    );
  }
  await redis().del(stateKey());
}
