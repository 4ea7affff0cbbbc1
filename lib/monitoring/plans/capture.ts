// The plans of the app's own queries: every statement a data query sends
// (scans, watchlists, alerts, tickers, scan logs) is timed into its family's
// histogram, and at most once per PLAN_CAPTURE_EVERY_MIN per family its plan
// is captured with the parameters of that real call (EXPLAIN without ANALYZE:
// nothing runs twice) on the same pool, bounded like every statement. Each
// minute the histograms go to Postgres under the plan they ran on.
import { onStatement, type StatementListener } from "@/lib/db/observe";
import { env } from "@/lib/env";
import { throttledWarning } from "@/lib/log/logger";
import { familyName, planFingerprint, type PlanNode } from "@/lib/db/queries/plan-shape";
import { bucketOf, emptyHistogram } from "@/lib/monitoring/plans/histogram";
import { explainPlan, recordLatency, savePlan } from "@/lib/monitoring/plans/store";

const warn = throttledWarning("plans");
/** The app's data queries: the models traders' pages and the scanner read. */
const APP_QUERY = /^(PatternScan|Watchlist|AlertLog|ScanLog|Ticker)\./;
const READ = /^\s*(SELECT|WITH)\b/i;
const FLUSH_EVERY_MS = 60_000;

type Family = {
  fingerprint: string | null;
  capturedAt: number;
  capturing: boolean;
  calls: number;
  totalMs: number;
  histogram: number[];
};

const families = new Map<string, Family>();

async function capture(name: string, family: Family, text: string, values: unknown[]): Promise<void> {
  family.capturing = true;
  try {
    const plan = await explainPlan(text, values);
    const fingerprint = planFingerprint(plan);
    await savePlan({ family: name, fingerprint, query: text, plan, params: values });
    family.fingerprint = fingerprint;
    family.capturedAt = Date.now();
  } catch (error) {
    family.capturedAt = Date.now(); // tried: not again until the next period
    warn(`could not capture the plan of ${name}: ${(error as Error).message}`);
  } finally {
    family.capturing = false;
  }
}

/** Prisma's statements read `"public"."watchlists"`: the model, for one its engine sent without a label. */
const MODELS: Record<string, string> = {
  pattern_scans: "PatternScan",
  watchlists: "Watchlist",
  alert_logs: "AlertLog",
  scan_logs: "ScanLog",
  tickers: "Ticker",
};
const labelFromText = (text: string) => {
  const table = /\bFROM\s+"public"\."([a-z_]+)"/i.exec(text)?.[1];
  return table && MODELS[table] ? `${MODELS[table]}.select` : null;
};

const listener: StatementListener = ({ label: given, text, values, ms }) => {
  const label = given ?? labelFromText(text);
  if (!label || !APP_QUERY.test(label) || !READ.test(text)) return;
  const name = familyName(label, text);
  let family = families.get(name);
  if (!family) {
    family = { fingerprint: null, capturedAt: 0, capturing: false, calls: 0, totalMs: 0, histogram: emptyHistogram() };
    families.set(name, family);
  }
  family.calls += 1;
  family.totalMs += ms;
  family.histogram[bucketOf(ms)] += 1;
  if (!family.capturing && Date.now() - family.capturedAt >= env().PLAN_CAPTURE_EVERY_MIN * 60_000)
    void capture(name, family, text, values);
};

/** Writes what each family did since the last flush, under the plan it ran on. */
export async function flushPlanLatency(now = new Date()): Promise<number> {
  let written = 0;
  for (const [name, family] of families) {
    if (!family.calls || !family.fingerprint) continue;
    const { calls, totalMs, histogram, fingerprint } = family;
    family.calls = 0;
    family.totalMs = 0;
    family.histogram = emptyHistogram();
    await recordLatency({ family: name, fingerprint, minute: now, calls, totalMs, histogram });
    written += 1;
  }
  return written;
}

/** Waits for the plans being captured now (tests; a flush right after). */
export async function settleCaptures(): Promise<void> {
  while ([...families.values()].some((f) => f.capturing)) await new Promise((r) => setTimeout(r, 10));
}

/** Forgets this process's families: the next call of each captures its plan again (tests, after a schema change). */
export const forgetPlans = () => families.clear();

let started = false;

/** Subscribes to the app's statements and flushes every minute. */
export function startPlanCapture(): void {
  if (started) return;
  started = true;
  onStatement(listener);
  const timer = setInterval(
    () => void flushPlanLatency().catch((e: Error) => warn(`plan latency not saved: ${e.message}`)),
    FLUSH_EVERY_MS,
  );
  timer.unref();
}

export type { PlanNode };
