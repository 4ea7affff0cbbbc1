// One cell of the fault matrix, against the production build started on a
// fault rig: inject the fault, and watch what an operator would — the
// incident (one "firing" on a channel that still works), /api/health (its
// status, within its 2 s budget), the pages, every other rule still evaluated
// — then clear it and watch the incident resolve once.
import { execFileSync } from "node:child_process";
import { startAppServer, signInOverHttp } from "./app-server";
import { DEADLINES, RIG_TOKEN, type Dependency, type Fault, type FaultRig } from "./fault-rig";
import { query } from "./sql";

export type CellResult = {
  dependency: Dependency;
  fault: Fault;
  expected: string;
  observed: string;
  ok: boolean;
  /** The slowest /api/health answer while the fault lasted. */
  health_ms: number;
};

type Expectation = {
  rule: string;
  subject: string;
  /** The sink that still works, where its messages are looked for. */
  channel: "webhook" | "email";
  health: "unhealthy" | "degraded" | "healthy";
  /** The rules that may not be evaluated while it lasts (they need what is down). */
  blind: string[];
  /** The issue's words for this row, kept in the results. */
  expected: string;
};

export const EXPECTED: Record<Dependency, Expectation> = {
  postgres: {
    rule: "postgres_unhealthy",
    subject: "",
    channel: "webhook",
    health: "unhealthy",
    blind: [],
    expected:
      "Postgres unreachable incident (through Redis); /api/health unhealthy within 2 s; pages say the database is unavailable, no hang",
  },
  redis: {
    rule: "redis_unhealthy",
    subject: "",
    channel: "webhook",
    health: "degraded",
    blind: ["pool_saturated", "query_slow", "connection_leak"],
    expected: "Redis unreachable incident; /api/health degraded within 2 s; pages render from Postgres",
  },
  s3: {
    rule: "s3_unreachable",
    subject: "",
    channel: "webhook",
    health: "degraded",
    blind: [],
    expected: "S3 unreachable incident; /api/health degraded naming S3; the operations page names it",
  },
  webhook: {
    rule: "delivery_failing",
    subject: "webhook",
    channel: "email",
    health: "healthy",
    blind: [],
    expected:
      "delivery failing on the webhook, sent by e-mail; /api/health unchanged; /incidents shows the failing channel",
  },
  smtp: {
    rule: "delivery_failing",
    subject: "email",
    channel: "webhook",
    health: "healthy",
    blind: [],
    expected:
      "delivery failing by e-mail, sent by the webhook; /api/health unchanged; /incidents shows the failing channel",
  },
  backup_dir: {
    rule: "backup_dir_unusable",
    subject: "",
    channel: "webhook",
    health: "degraded",
    blind: [],
    expected: "backup folder unusable incident; /api/health degraded naming it; a backup is refused with the reason",
  },
};

export type RigApp = { base: string; cookie: string; stop: () => void };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The built app on the rig, signed in as the operator (a session cookie for the pages). */
export async function startRigApp(rig: FaultRig): Promise<RigApp> {
  // eslint-disable-next-line no-restricted-properties -- the app's environment
  const server = await startAppServer({ ...process.env, ...rig.env });
  const { jar } = await signInOverHttp(server.base, "operator@legendai.local", "operator-demo-pass");
  return { base: server.base, cookie: jar.header(), stop: server.stop };
}

async function health(app: RigApp) {
  const started = performance.now();
  const response = await fetch(`${app.base}/api/health`, {
    headers: { authorization: `Bearer ${RIG_TOKEN}` },
    signal: AbortSignal.timeout(10_000),
  }).catch(() => null);
  const body = response ? ((await response.json()) as { status: string; reasons?: string[] }) : null;
  return {
    ms: Math.round(performance.now() - started),
    status: body?.status ?? "no answer",
    reasons: body?.reasons ?? [],
  };
}

async function page(app: RigApp, path: string) {
  const started = performance.now();
  const response = await fetch(`${app.base}${path}`, {
    headers: { cookie: app.cookie },
    signal: AbortSignal.timeout(15_000),
  }).catch(() => null);
  return { ms: Math.round(performance.now() - started), html: response ? await response.text() : "" };
}

const messages = (rig: FaultRig, e: Expectation) =>
  e.channel === "webhook"
    ? rig.sinks.webhooks.filter((w) => w.rule === e.rule && w.subject === e.subject).map((w) => w.status)
    : rig.sinks.emails
        .filter((m) => m.includes(`(${e.subject})`) && /Subject: \[(FIRING|RESOLVED)\] A delivery channel/.test(m))
        .map((m) => (m.includes("Subject: [FIRING]") ? "firing" : "resolved"));

async function waitFor<T>(read: () => T | Promise<T>, done: (value: T) => boolean, ms: number): Promise<T> {
  const until = Date.now() + ms;
  let value = await read();
  while (!done(value) && Date.now() < until) {
    await sleep(300);
    value = await read();
  }
  return value;
}

/** What the pages and the CLI do while the fault lasts, in words, and whether it is what the row expects. */
async function behaviour(rig: FaultRig, app: RigApp, dependency: Dependency): Promise<{ ok: boolean; said: string }> {
  if (dependency === "postgres") {
    const p = await page(app, "/scans");
    return {
      ok: p.html.includes("database-unavailable") && p.ms < 6_000,
      said: `/scans said unavailable in ${p.ms} ms`,
    };
  }
  if (dependency === "redis") {
    const p = await page(app, "/scans");
    return { ok: p.html.includes("result-count") && p.ms < 6_000, said: `/scans rendered in ${p.ms} ms` };
  }
  if (dependency === "s3") {
    const p = await page(app, "/operations");
    return { ok: p.html.includes("S3 is not answering"), said: `/operations named S3 (${p.ms} ms)` };
  }
  if (dependency === "backup_dir") {
    const refused = (() => {
      try {
        execFileSync("node", ["--import", "tsx", "ops/cli/backup.ts"], {
          env: { ...process.env, ...rig.env }, // eslint-disable-line no-restricted-properties -- the CLI's environment
          stdio: "pipe",
        });
        return "";
      } catch (error) {
        return String((error as { stderr?: Buffer }).stderr ?? "");
      }
    })();
    return {
      ok: /BACKUP_DIR .*no backup can be written there/.test(refused),
      said: `backup refused: ${refused.trim().split("\n").at(-1)}`,
    };
  }
  const p = await waitFor(
    () => page(app, "/incidents"),
    (r) => r.html.includes("channel-failing"),
    10_000,
  );
  return { ok: p.html.includes("channel-failing"), said: "/incidents showed the failing channel" };
}

/** Rules that should have been evaluated during the fault but were not. */
async function blindRules(rig: FaultRig, e: Expectation, since: Date): Promise<string[]> {
  const rows = await query<{ name: string; ok: boolean; checkedAt: Date }>(
    rig.databaseUrl,
    `SELECT name, ok, checked_at AS "checkedAt" FROM monitor_checks WHERE name LIKE 'rule:%'`,
  );
  return rows
    .filter((r) => !e.blind.includes(r.name.slice(5)) && r.name.slice(5) !== e.rule)
    .filter((r) => !r.ok || r.checkedAt < since)
    .map((r) => r.name.slice(5));
}

export async function runCell(rig: FaultRig, app: RigApp, dependency: Dependency, fault: Fault): Promise<CellResult> {
  const e = EXPECTED[dependency];
  const before = messages(rig, e).length;
  const started = new Date();
  await rig.apply(dependency, fault);
  let slowest = 0;
  const seen = await waitFor(
    async () => {
      const h = await health(app);
      slowest = Math.max(slowest, h.ms);
      return { health: h, fired: messages(rig, e).slice(before) };
    },
    (v) => v.health.status === e.health && v.fired.includes("firing"),
    45_000,
  );
  const acted = await behaviour(rig, app, dependency);
  const blind = dependency === "postgres" ? [] : await blindRules(rig, e, started);
  await rig.clear(dependency, fault);
  const after = await waitFor(
    () => messages(rig, e).slice(before),
    (m) => m.includes("resolved"),
    45_000,
  );
  await sleep(3_000); // later evaluations send nothing more
  const all = messages(rig, e).slice(before);
  const ok =
    seen.health.status === e.health &&
    slowest <= 2_500 &&
    acted.ok &&
    blind.length === 0 &&
    JSON.stringify(all) === JSON.stringify(["firing", "resolved"]);
  const observed = [
    `incident: ${all.join(", ") || "none"} (by ${e.channel})`,
    `health: ${seen.health.status}${seen.health.reasons.length ? ` (${seen.health.reasons.join("; ")})` : ""}, slowest ${slowest} ms`,
    acted.said,
    dependency === "postgres"
      ? "rules: need Postgres"
      : blind.length
        ? `not evaluated: ${blind.join(", ")}`
        : "every other rule evaluated",
    after.includes("resolved") ? "" : "no resolved message",
  ].filter(Boolean);
  return { dependency, fault, expected: e.expected, observed: observed.join("; "), ok, health_ms: slowest };
}

export { DEADLINES };
