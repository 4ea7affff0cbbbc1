// The one table every list uses: a captioned, keyboard-scrollable region with
// a header row and a cell function per column. Server components only (the
// cell functions do not cross to the client).
import type { ReactNode } from "react";
import { breakable } from "./identifier";
import { cx, ui } from "./styles";

export type Column<T> = {
  header: string;
  cell: (row: T) => ReactNode;
  /** Right-aligned figures. */
  numeric?: boolean;
  /** Long text that wraps instead of widening the table. */
  wrap?: boolean;
  mono?: boolean;
};

export function DataTable<T>(props: {
  caption: string;
  columns: Column<T>[];
  rows: T[];
  rowKey: (row: T) => string | number;
  testId?: string;
}) {
  const { caption, columns, rows, rowKey, testId } = props;
  return (
    <div className={ui.tableWrap} tabIndex={0} role="region" aria-label={caption}>
      <table className={ui.table} data-testid={testId}>
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            {columns.map((c) => (
              <th key={c.header} scope="col" className={c.numeric ? ui.num : undefined}>
                {c.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={rowKey(row)}>
              {columns.map((c) => (
                <td
                  key={c.header}
                  className={cx(c.numeric && ui.num, c.wrap && ui.wrap, c.mono && ui.mono) || undefined}
                >
                  {breakable(c.cell(row), c.mono)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
