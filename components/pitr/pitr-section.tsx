// The /operations card for point-in-time recovery (a server component): its
// status, and when it works, the table recovery and the copies it made.
import { insertMissingAction, pitrBackupAction, pitrDrillAction, recoverTableAction } from "@/lib/actions/pitr";
import { listRecoveredTables, publicTables } from "@/lib/pitr/recovered-tables";
import { pitrStatus } from "@/lib/pitr/status";
import { Card } from "@/components/ui/card";
import { PitrCard } from "./pitr-card";
import { RecoverPanel } from "./recover-panel";

export async function PitrSection({ runningJobId }: { runningJobId: string | null }) {
  const status = await pitrStatus();
  const ok = status.state === "ok";
  const [tables, recovered] = ok ? await Promise.all([publicTables(), listRecoveredTables()]) : [[], []];
  return (
    <>
      <Card
        title="Point-in-time recovery"
        description="pgBackRest: continuous WAL archiving, the same code as npm run pitr:status."
      >
        <PitrCard status={status} />
      </Card>
      {ok && (
        <Card
          title="Bring back a table as it was"
          description="The same code as npm run pitr:recover-table: a scratch cluster recovered to that second, removed after."
        >
          <RecoverPanel
            recover={recoverTableAction}
            insertMissing={insertMissingAction}
            backup={pitrBackupAction}
            drill={pitrDrillAction}
            tables={tables}
            window={status.window}
            recovered={recovered}
            runningJobId={runningJobId}
          />
        </Card>
      )}
    </>
  );
}
