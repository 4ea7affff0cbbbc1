// The overview's database load: the last hour's average active sessions by
// wait class, small; the Waits tab has the rest.
import Link from "next/link";
import { lastHourLoad } from "@/lib/monitoring/waits/history";
import { WaitChart } from "@/components/insights/wait-chart";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";

export async function LoadCard() {
  const { from, to, points } = await lastHourLoad();
  const now = points.at(-1);
  const total = now ? Object.values(now.byClass).reduce((a, b) => a + b, 0) : null;
  return (
    <Card
      title="Database load"
      description={`Average active sessions by wait class, last hour${total !== null ? ` (${total.toFixed(2)} in the last minute)` : ""}.`}
      wide
      actions={<Link href="/insights?tab=waits&range=1h">What they waited on</Link>}
    >
      {points.length ? (
        <WaitChart points={points} from={from} to={to} bucketMs={60_000} height={140} />
      ) : (
        <EmptyState title="No samples yet">One instance samples the active sessions every second.</EmptyState>
      )}
    </Card>
  );
}
