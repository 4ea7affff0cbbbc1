// The last word on what leaves in a span, whoever set it (Next.js's own spans
// included): a URL keeps its query's names, not their values (a filter's value
// is a query parameter; a link may carry a token), and an attribute named like
// a secret or a cookie is dropped.
import type { Attributes, AttributeValue } from "@opentelemetry/api";
import type { Span, SpanProcessor } from "@opentelemetry/sdk-trace";

const URL_ATTRIBUTES = new Set(["http.target", "http.url", "url.full", "url.query", "next.rsc"]);
const SECRET_NAME = /password|passwd|secret|token|authorization|cookie|api[-_.]?key|credential/i;

/** `/scans?ticker=AAPL&page=2` → `/scans?ticker=?&page=?`. */
export function withoutQueryValues(url: string): string {
  const at = url.indexOf("?");
  if (at < 0) return url;
  const names = url
    .slice(at + 1)
    .split("&")
    .filter(Boolean)
    .map((pair) => `${pair.split("=")[0]}=?`);
  return `${url.slice(0, at)}?${names.join("&")}`;
}

function scrubbed(attributes: Attributes): Record<string, AttributeValue | undefined> {
  const changes: Record<string, AttributeValue | undefined> = {};
  for (const [key, value] of Object.entries(attributes)) {
    if (SECRET_NAME.test(key)) changes[key] = undefined;
    else if (key === "url.query" && typeof value === "string") changes[key] = withoutQueryValues(`?${value}`).slice(1);
    else if (URL_ATTRIBUTES.has(key) && typeof value === "string") changes[key] = withoutQueryValues(value);
  }
  return changes;
}

export class ScrubbingProcessor implements SpanProcessor {
  onStart(): void {}

  /** While the span can still be written. */
  onEnding(span: Span): void {
    for (const [key, value] of Object.entries(scrubbed(span.attributes))) {
      if (value === undefined) delete (span.attributes as Record<string, unknown>)[key];
      else span.setAttribute(key, value);
    }
  }

  onEnd(): void {}
  forceFlush = async () => {};
  shutdown = async () => {};
}
