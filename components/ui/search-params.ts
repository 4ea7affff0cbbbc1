// URL filters: the first value of each known parameter, empty ones dropped.
export type Raw = Record<string, string | string[] | undefined>;

export function pickParams<K extends string>(raw: Raw, keys: readonly K[]): Partial<Record<K, string>> {
  const picked: Partial<Record<K, string>> = {};
  for (const key of keys) {
    const value = Array.isArray(raw[key]) ? raw[key]?.[0] : raw[key];
    if (typeof value === "string" && value.trim() !== "") picked[key] = value.trim();
  }
  return picked;
}

/** The first problem of a failed zod parse, as a sentence for the page. */
export function problemOf(error: { issues: { path: PropertyKey[]; message: string }[] }): string {
  const issue = error.issues[0];
  return issue.path.length ? `${String(issue.path[0])}: ${issue.message}` : issue.message;
}

/** A list's page number from the address (1 on the first page; null when a cursor came without one). */
export function pageNumber(query: { page?: string; cursor?: string; before?: string }): number | null {
  if (!query.cursor && !query.before) return 1;
  const page = Number(query.page);
  return Number.isInteger(page) && page >= 1 && page <= 1_000_000 ? page : null;
}
