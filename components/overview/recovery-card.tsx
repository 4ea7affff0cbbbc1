// The recovery scorecard: what could be lost now and how long a restore takes,
// against the targets set on /incidents (a server component).
import Link from "next/link";
import { recoveryScorecard } from "@/lib/incidents/scorecard";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { formatAge, formatDuration } from "@/components/ui/format";
import { ui } from "@/components/ui/styles";

export async function RecoveryCard() {
  const r = await recoveryScorecard();
  const within = (value: number | null, target: number) => value !== null && value <= target;
  return (
    <Card title="Recovery scorecard" actions={<Link href="/incidents">Targets →</Link>}>
      <dl className={ui.facts} data-testid="recovery-scorecard">
        <dt>Could be lost now</dt>
        <dd>
          <Badge tone={within(r.exposureMs, r.rpoMs) ? "ok" : "bad"}>
            {r.exposureMs === null ? "everything: no good backup" : `${formatDuration(r.exposureMs)} of writes`}
          </Badge>{" "}
          target ≤ {formatDuration(r.rpoMs)}
          {r.exposureBy === "pitr"
            ? " · point-in-time recovery: writes not yet archived"
            : " · since the last good backup"}
        </dd>
        <dt>A restore takes</dt>
        <dd>
          <Badge tone={within(r.lastDrill?.durationMs ?? null, r.rtoMs) ? "ok" : r.lastDrill ? "bad" : "warn"}>
            {r.lastDrill ? formatDuration(r.lastDrill.durationMs) : "unknown: no drill has passed"}
          </Badge>{" "}
          target ≤ {formatDuration(r.rtoMs)}
        </dd>
        {r.lastDrill && (
          <>
            <dt>Measured</dt>
            <dd>by the drill {formatAge(r.lastDrill.at)}</dd>
          </>
        )}
        {r.lastPitrDrill && (
          <>
            <dt>Point-in-time recovery takes</dt>
            <dd>
              <Badge tone={within(r.lastPitrDrill.durationMs, r.rtoMs) ? "ok" : "bad"}>
                {formatDuration(r.lastPitrDrill.durationMs)}
              </Badge>{" "}
              by the PITR drill {formatAge(r.lastPitrDrill.at)}
            </dd>
          </>
        )}
      </dl>
    </Card>
  );
}
