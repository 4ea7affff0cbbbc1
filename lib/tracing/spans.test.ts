// The app's spans against the real Postgres and Redis, with tracing on in this
// process (an in-memory exporter behind the same scrubbing the server uses): a
// statement or cache lookup outside any trace makes no span (the samplers'
// would be a trace a second); inside one, each is a child carrying the masked
// text and the cache's hit or miss, and never a parameter's value.
import { context, trace } from "@opentelemetry/api";
import { AsyncLocalStorageContextManager } from "@opentelemetry/context-async-hooks";
import { InMemorySpanExporter, SimpleSpanProcessor, TracerProvider } from "@opentelemetry/sdk-trace";
import { randomBytes } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { queryCache } from "@/lib/db/cache";
import { sql } from "@/lib/db/sql";
import { ScrubbingProcessor } from "@/lib/tracing/scrub";
import { markTracingOn, traced } from "@/lib/tracing/spans";

const exporter = new InMemorySpanExporter();

beforeAll(() => {
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  trace.setGlobalTracerProvider(
    new TracerProvider({ spanProcessors: [new ScrubbingProcessor(), new SimpleSpanProcessor({ exporter })] }),
  );
  markTracingOn();
});

describe("spans with tracing on", () => {
  it("makes none for a statement or a cache lookup outside a trace", async () => {
    exporter.reset();
    await sql("Trace.outside", "SELECT $1::text AS v", ["outside-value"]);
    await queryCache().cached({ name: "traceOutside", params: {}, kind: "scans", tags: ["trace-test"] }, async () => 1);
    expect(exporter.getFinishedSpans()).toEqual([]);
  });

  it("nests a cache lookup and its statement under the request, with hit or miss, masked text and no values", async () => {
    exporter.reset();
    const secret = `value-${randomBytes(4).toString("hex")}`;
    const lookup = { name: "traceInside", params: { secret }, kind: "scans" as const, tags: ["trace-test"] };
    const load = () => sql("Trace.inside", "SELECT $1::text AS v, 'typed-literal' AS w", [secret]);
    await traced("request", { "http.target": `/scans?ticker=${secret}` }, () => queryCache().cached(lookup, load));
    await traced("request again", {}, () => queryCache().cached(lookup, load));

    const spans = exporter.getFinishedSpans();
    const [request, again] = ["request", "request again"].map((name) => spans.find((s) => s.name === name)!);
    const caches = spans.filter((s) => s.name === "cache traceInside");
    const statement = spans.find((s) => s.attributes["legendai.query.family"] === "Trace.inside")!;
    expect(caches.map((c) => c.attributes["legendai.cache.result"])).toEqual(["miss", expect.stringMatching(/hit/)]);
    expect(caches[0].parentSpanContext?.spanId).toBe(request.spanContext().spanId);
    expect(caches[1].parentSpanContext?.spanId).toBe(again.spanContext().spanId);
    expect(statement.parentSpanContext?.spanId).toBe(caches[0].spanContext().spanId);
    expect(statement.name).toMatch(/^SELECT /);
    expect(statement.attributes["db.query.text"]).toBe("SELECT $1::text AS v, '?' AS w");
    expect(request.attributes["http.target"]).toBe("/scans?ticker=?");
    expect(JSON.stringify(spans.map((s) => [s.name, s.attributes]))).not.toContain(secret);
    expect(JSON.stringify(spans.map((s) => s.attributes))).not.toContain("typed-literal");
  });
});
