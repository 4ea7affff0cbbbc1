// A statement's text as a span may carry it: string literals (and dollar-quoted
// bodies) become '?', so that nothing typed into SQL rather than passed as a
// parameter (a password in ALTER ROLE, a name in a set-aside rename) leaves the
// app; parameters ($1) are never part of the text. Long statements are cut.
import { maskSqlLiterals } from "@/lib/mask";

const MAX_LENGTH = 2_000;

export function statementForTrace(text: string): string {
  const masked = maskSqlLiterals(text, "'?'");
  return masked.length > MAX_LENGTH ? `${masked.slice(0, MAX_LENGTH)}…` : masked;
}

/** The statement's first keyword (SELECT, INSERT, …), for the span's name. */
export const operationOf = (text: string) => /^\s*([A-Za-z]+)/.exec(text)?.[1]?.toUpperCase() ?? "SQL";
