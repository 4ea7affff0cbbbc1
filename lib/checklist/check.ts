// What a checklist entry is: one check's verdict on one object (a table, an
// index, a setting, the server), in a line, with the fix and the Postgres
// documentation that explains it. A check with nothing wrong says so once,
// with "ok"; one that could not look says "not-checked" and why.
export type CheckStatus = "ok" | "warning" | "problem" | "not-checked";

export type CheckFinding = {
  id: string;
  title: string;
  status: CheckStatus;
  /** The object: a table, an index, a setting, a pid; "" for the server or the database as a whole. */
  subject: string;
  summary: string;
  fix: string;
  docs: string;
  /** More than a line can hold, shown folded on the page: the migration that adopts a drift. */
  detail?: { label: string; text: string };
};

export type CheckInfo = Pick<CheckFinding, "id" | "title" | "docs">;

export const PG_DOCS = "https://www.postgresql.org/docs/current/";

/** The findings of one check: those given, or one "ok" line saying what was looked at. */
export const findingsOf = (check: CheckInfo, found: Omit<CheckFinding, keyof CheckInfo>[], okSummary: string) =>
  found.length
    ? found.map((f) => ({ ...check, ...f }))
    : [{ ...check, status: "ok" as const, subject: "", summary: okSummary, fix: "" }];

/** An error in one line: Prisma's multi-line messages end with the reason. */
export const oneLine = (message: string) => {
  const lines = message
    .split("\n")
    .map((l) => l.trim())
    .filter(Boolean);
  return (/^Invalid `/.test(lines[0] ?? "") ? lines.at(-1) : lines[0]) ?? "unknown error";
};

export const notChecked = (check: CheckInfo, why: string): CheckFinding => ({
  ...check,
  status: "not-checked",
  subject: "",
  summary: `not checked: ${oneLine(why)}`,
  fix: "",
});

const RANK: Record<CheckStatus, number> = { problem: 0, warning: 1, "not-checked": 2, ok: 3 };

/** Problems first, then warnings, what could not be checked, and what is fine. */
export const byUrgency = (a: CheckFinding, b: CheckFinding) =>
  RANK[a.status] - RANK[b.status] || a.title.localeCompare(b.title) || a.subject.localeCompare(b.subject);
