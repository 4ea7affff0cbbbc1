// Where to go after signing in: only a path on this site. Browsers read "/\evil",
// "/\t/evil" or "/\n/evil" as "//evil", another site, so anything with a
// backslash or a control character, or that resolves to another origin, goes home.
const ORIGIN = "http://legendai.invalid";

export function safeCallbackPath(raw: unknown): string {
  if (typeof raw !== "string" || raw === "" || raw.length > 2000) return "/";
  if (!raw.startsWith("/") || /[\\\u0000-\u001f\u007f]/.test(raw)) return "/";
  let url: URL;
  try {
    url = new URL(raw, ORIGIN);
  } catch {
    return "/";
  }
  if (url.origin !== ORIGIN) return "/";
  const path = `${url.pathname}${url.search}${url.hash}`;
  return path.startsWith("//") ? "/" : path;
}

/** next-auth's redirect callback: this site's URLs as they are, anything else to the home page. Never throws. */
export function safeRedirect({ url, baseUrl }: { url: string; baseUrl: string }): string {
  try {
    if (url.startsWith("/")) return `${baseUrl}${safeCallbackPath(url)}`;
    const target = new URL(url);
    if (target.origin === new URL(baseUrl).origin)
      return `${baseUrl}${safeCallbackPath(`${target.pathname}${target.search}${target.hash}`)}`;
  } catch {
    // an odd URL: home
  }
  return baseUrl;
}
