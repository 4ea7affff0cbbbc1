import { ui } from "./styles";
import { TableSkeleton } from "./table-skeleton";

/** The shape of a dashboard page while its data loads. */
export function PageSkeleton({ label }: { label: string }) {
  return (
    <div className={ui.stack}>
      <div className={ui.skeleton} style={{ height: 34, width: 260 }} />
      <div className={ui.skeleton} style={{ height: 76 }} />
      <TableSkeleton label={label} />
    </div>
  );
}
