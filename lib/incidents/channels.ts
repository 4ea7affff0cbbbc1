// Is each delivery channel working? It answers a probe now (lib/incidents/
// deliver.ts), and its last delivery went out (kept in monitor_checks, so that
// a webhook answering HTTP 500 to every message is known too).
import { configuredChannels, probeChannel, type Channel } from "@/lib/incidents/deliver";
import { readChecks, recordChecks } from "@/lib/incidents/checks";

/** `ok`: it answers and its last delivery went out; `probe`: the answer alone, now. */
export type ChannelState = {
  channel: Channel;
  ok: boolean;
  error: string | null;
  probe: { ok: boolean; error?: string };
};

/** A failed delivery older than this no longer counts (its message is not retried any more). */
const FAILURE_COUNTS_FOR_MS = 24 * 3_600_000;

export async function channelStates(now = new Date()): Promise<ChannelState[]> {
  const [probes, checks] = await Promise.all([
    Promise.all(configuredChannels().map(async (channel) => ({ channel, probe: await probeChannel(channel) }))),
    readChecks("channel:"),
  ]);
  return probes.map(({ channel, probe }) => {
    const last = checks.get(`channel:${channel}`);
    const failedDelivery =
      last && !last.ok && now.getTime() - last.checkedAt.getTime() < FAILURE_COUNTS_FOR_MS ? last.detail : null;
    if (!probe.ok) return { channel, ok: false, error: probe.error ?? "no answer", probe };
    return { channel, ok: !failedDelivery, error: failedDelivery, probe };
  });
}

/**
 * Each channel as this evaluation found it: failing when it did not answer
 * the probe or a delivery on it failed now. (A failed delivery is owed, so
 * the next evaluation tries it again and records the outcome.)
 */
export function recordChannels(states: ChannelState[], deliveryErrors: Map<Channel, string>, at = new Date()) {
  const checks = states.map(({ channel, probe }) => {
    const error = deliveryErrors.get(channel) ?? (probe.ok ? null : (probe.error ?? "no answer"));
    return { name: `channel:${channel}`, ok: error === null, detail: error };
  });
  return recordChecks(checks, at);
}
