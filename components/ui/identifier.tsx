// An identifier (a table, an index, a query family, a file) that may wrap only
// after "_", "." or "/": never in the middle of a word, as a browser would
// break "pattern_scans" into "patte" and "rn_scans" when a cell is narrow.
import { Fragment } from "react";

export function Identifier({ text }: { text: string }) {
  const parts = text.split(/(?<=[_./])/);
  return (
    <>
      {parts.map((part, i) => (
        <Fragment key={i}>
          {i > 0 && <wbr />}
          {part}
        </Fragment>
      ))}
    </>
  );
}

/** A cell's content: a string in a monospace (identifier) column gets its break points. */
export const breakable = (content: React.ReactNode, mono?: boolean) =>
  mono && typeof content === "string" ? <Identifier text={content} /> : content;
