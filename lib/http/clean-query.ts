// A page address without the parameters a GET form sends empty (its filter
// form submits every field: ?pattern=&minScore=&sort=newest) or at their
// default, so that the address names only the filters that are set. The proxy
// answers such a request with a 307 to the clean address before any rendering.
type Raw = Record<string, string | string[] | undefined>;

/** Parameters at their default, per page: dropped like empty ones. */
export const QUERY_DEFAULTS: Record<string, Record<string, string>> = { "/scans": { sort: "newest" } };

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
