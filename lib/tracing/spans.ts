// Spans for what the app does (database statements, Prisma queries, cache
// lookups, server actions, operations and their phases), through the
// OpenTelemetry API. Without tracing set up (no OTLP endpoint) nothing is
// created: `traced` calls straight through.
import { context, SpanStatusCode, trace, type Attributes, type Span } from "@opentelemetry/api";

const store = globalThis as typeof globalThis & { __legendaiTracing?: boolean };

/** Called once tracing is set up (lib/tracing/setup.ts); every server bundle sees it. */
export const markTracingOn = () => void (store.__legendaiTracing = true);
export const tracingOn = () => store.__legendaiTracing === true;

const tracer = () => trace.getTracer("legendai-admin");

/**
 * Runs `run` inside a span (the parent of whatever it starts). A failure marks
 * the span with its error type only: messages may quote a value. With
 * `inTraceOnly`, only within a trace already under way (a request's, an
 * action's): the samplers' and heartbeats' statements every second would
 * otherwise each be a trace of their own.
 */
export function traced<T>(
  name: string,
  attributes: Attributes,
  run: (span?: Span) => Promise<T>,
  options: { inTraceOnly?: boolean } = {},
): Promise<T> {
  if (!tracingOn() || (options.inTraceOnly && !trace.getActiveSpan())) return run();
  return tracer().startActiveSpan(name, { attributes }, async (span) => {
    try {
      return await run(span);
    } catch (error) {
      failed(span, error);
      throw error;
    } finally {
      span.end();
    }
  });
}

/** A span that is ended by its owner (a job's phase), a child of `parent` or of the active span. */
export function startSpan(name: string, attributes: Attributes, parent?: Span): Span | undefined {
  if (!tracingOn()) return undefined;
  const parentContext = parent ? trace.setSpan(context.active(), parent) : context.active();
  return tracer().startSpan(name, { attributes }, parentContext);
}

/** Adds to the span of the work under way (a cache lookup's result). */
export function noteOnSpan(attributes: Attributes): void {
  if (tracingOn()) trace.getActiveSpan()?.setAttributes(attributes);
}

export function failed(span: Span | undefined, error: unknown): void {
  const code = (error as { code?: unknown })?.code;
  span?.setAttribute("error.type", typeof code === "string" ? code : ((error as Error)?.name ?? "Error"));
  span?.setStatus({ code: SpanStatusCode.ERROR });
}
