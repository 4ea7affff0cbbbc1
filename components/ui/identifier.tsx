// An identifier (a table, an index, a query family, a file, an e-mail) or a
// line of text holding some, that may wrap at spaces, after "_", ".", "/",
// "@", ":" or "-", and between the words of a camelCase name: never in the
// middle of a word, as a browser would break "pattern_scans" into "patte" and
// "rn_scans" when a cell is narrow. A run over 24 characters with none of them
// (a hash) may break every 16.
import { Fragment } from "react";

const LONG_RUN = /[^\s_./@:-]{25,}/g;
/** After a separator, or between a lower-case letter and an upper-case one ("prepared|Transactions"). */
const BREAK_POINT = /(?<=[_./@:\-\u200b])|(?<=[a-z])(?=[A-Z])/;

export function Identifier({ text }: { text: string }) {
  const chunked = text.replace(LONG_RUN, (run) => run.match(/.{1,16}/g)!.join("\u200b"));
  const parts = chunked.split(BREAK_POINT).map((p) => p.replace("\u200b", ""));
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
