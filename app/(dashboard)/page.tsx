import { Suspense } from "react";
import { requirePage } from "@/lib/auth/guard";
import { CHART_RANGE_NAMES, DEFAULT_CHART_RANGE, initialSeries } from "@/lib/monitoring/overview";
import { OverviewCharts } from "@/components/charts/overview-charts";
import { BackupsCard } from "@/components/overview/backups-card";
import { CacheCard } from "@/components/overview/cache-card";
import { ChecklistCard } from "@/components/overview/checklist-card";
import { HealthCard } from "@/components/overview/health-card";
import { InstancesCard } from "@/components/overview/instances-card";
import { LoadCard } from "@/components/overview/load-card";
import { MigrationsCard } from "@/components/overview/migrations-card";
import { RecoveryCard } from "@/components/overview/recovery-card";
import { CardSkeleton } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { ui } from "@/components/ui/styles";

export const metadata = { title: "Overview" };
export const dynamic = "force-dynamic";

export default async function OverviewPage() {
  await requirePage("/"); // traders are sent to their own start page, the scans
  return (
    <div className={ui.stack}>
      <PageHeader
        title="Overview"
        lead="The LegendAI database at a glance: health, the pool, query latency, the cache, backups and migrations."
      />
      <div className={ui.summary}>
        <Suspense fallback={<CardSkeleton title="Checklist" height={120} />}>
          <ChecklistCard />
        </Suspense>
        <Suspense fallback={<CardSkeleton title="Health" height={120} />}>
          <HealthCard />
        </Suspense>
        <Suspense fallback={<CardSkeleton title="Backups" height={120} />}>
          <BackupsCard />
        </Suspense>
        <Suspense fallback={<CardSkeleton title="Recovery scorecard" height={120} />}>
          <RecoveryCard />
        </Suspense>
        <Suspense fallback={<CardSkeleton title="Migrations" height={120} />}>
          <MigrationsCard />
        </Suspense>
        <CacheCard />
      </div>
      <Suspense fallback={<CardSkeleton title="Instances" height={120} wide />}>
        <InstancesCard />
      </Suspense>
      <Suspense fallback={<CardSkeleton title="Database load" height={140} wide />}>
        <LoadCard />
      </Suspense>
      <OverviewCharts initial={await initialSeries()} ranges={CHART_RANGE_NAMES} initialRange={DEFAULT_CHART_RANGE} />
    </div>
  );
}
