import { ui } from "./styles";

/** A table-shaped placeholder of the height the results will take. */
export function TableSkeleton({ rows = 10, label }: { rows?: number; label: string }) {
  return (
    <div aria-busy="true" aria-label={label}>
      <div className={ui.skeleton} style={{ height: 20, width: 140, marginBottom: 12 }} />
      <div className={ui.skeleton} style={{ height: 40 + rows * 37 }} />
    </div>
  );
}
