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

/**
 * A GET form sends every field, the empty ones too (?pattern=&minScore=&sort=newest):
 * the same address without empty values or defaults, or null when it has none to drop.
 */
export function cleanedUrl(path: string, raw: Raw, defaults: Record<string, string> = {}): string | null {
  const params = new URLSearchParams();
  let dropped = false;
  for (const [key, value] of Object.entries(raw)) {
    const first = Array.isArray(value) ? value[0] : value;
    if (first === undefined || first.trim() === "" || defaults[key] === first) dropped = true;
    else params.set(key, first);
  }
  if (!dropped) return null;
  return params.size ? `${path}?${params}` : path;
}

/** A list's page number from the address (1 on the first page; null when a cursor came without one). */
export function pageNumber(query: { page?: string; cursor?: string; before?: string }): number | null {
  if (!query.cursor && !query.before) return 1;
  const page = Number(query.page);
  return Number.isInteger(page) && page >= 1 && page <= 1_000_000 ? page : null;
}
