import Link from "next/link";
import { Suspense } from "react";
import { z } from "zod";
import { requirePage } from "@/lib/auth/guard";
import { Activity } from "@/components/insights/activity";
import { Checks } from "@/components/insights/checks";
import { Maintenance } from "@/components/insights/maintenance";
import { Statistics } from "@/components/insights/statistics";
import { Statements } from "@/components/insights/statements";
import { Plans } from "@/components/insights/plans";
import { Waits } from "@/components/insights/waits";
import { HISTORY_RANGES } from "@/lib/monitoring/snapshots";
import { CardSkeleton } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { pickParams, type Raw } from "@/components/ui/search-params";
import { ui } from "@/components/ui/styles";

export const metadata = { title: "Insights" };
export const dynamic = "force-dynamic";

const TABS = {
  statistics: {
    label: "Statistics",
    lead: "Sizes, index use, the cache hit ratio and the slowest statements (cached for 30 seconds).",
  },
  waits: {
    label: "Waits",
    lead: "What the sessions waited on, sampled every second: the load by wait class, and the statements behind it.",
  },
  plans: {
    label: "Plans",
    lead: "The plan each of the app's query families runs on, how it changed, and EXPLAIN ANALYZE on demand.",
  },
  activity: { label: "Activity", lead: "What runs right now and who waits for whom, read live." },
  maintenance: { label: "Maintenance", lead: "Dead rows, vacuum and bloat, with the statement that fixes each." },
  checks: {
    label: "Checks",
    lead: "Redundant and invalid indexes, unindexed foreign keys, keyless tables, and headroom.",
  },
  statements: {
    label: "Statements",
    lead: "Statement history and growth from 5-minute snapshots, and the index advisor.",
  },
} as const;
type Tab = keyof typeof TABS;

/** Unknown values fall back to the defaults: a hand-edited URL still shows a page. */
const paramsSchema = z.object({
  tab: z.enum(Object.keys(TABS) as [Tab, ...Tab[]]).catch("statistics"),
  range: z.enum(Object.keys(HISTORY_RANGES) as [keyof typeof HISTORY_RANGES]).catch("24h"),
  advise: z.literal("1").optional().catch(undefined),
  from: z.coerce.number().int().positive().optional().catch(undefined),
  to: z.coerce.number().int().positive().optional().catch(undefined),
  family: z.string().max(255).optional().catch(undefined),
});

export default async function InsightsPage({ searchParams }: { searchParams: Promise<Raw> }) {
  await requirePage("/insights");
  const { tab, range, advise, from, to, family } = paramsSchema.parse(
    pickParams(await searchParams, ["tab", "range", "advise", "from", "to", "family"]),
  );
  return (
    <div className={ui.stack}>
      <PageHeader title="Insights" lead={TABS[tab].lead} />
      <nav className={ui.tabs} aria-label="Insights sections">
        {(Object.keys(TABS) as Tab[]).map((t) => (
          <Link key={t} href={`/insights?tab=${t}`} aria-current={t === tab ? "page" : undefined}>
            {TABS[t].label}
          </Link>
        ))}
      </nav>
      <div className={ui.grid}>
        {tab === "statistics" && <Statistics />}
        <Suspense key={tab} fallback={<CardSkeleton title={TABS[tab].label} height={300} wide />}>
          {tab === "waits" && <Waits range={range} span={{ from, to }} />}
          {tab === "plans" && <Plans family={family} />}
          {tab === "activity" && <Activity />}
          {tab === "maintenance" && <Maintenance />}
          {tab === "checks" && <Checks />}
          {tab === "statements" && <Statements range={range} advise={advise === "1"} />}
        </Suspense>
      </div>
    </div>
  );
}
