// OpenTelemetry traces over OTLP/HTTP, set up when the server starts if
// OTEL_EXPORTER_OTLP_ENDPOINT (or its _TRACES_ form) is set: instrumentation.ts
// decides, and otherwise never loads this file, so no span is made. Next.js's
// own spans (each request, its route, rendering) join ours through the global
// provider.
import { context, propagation, trace } from "@opentelemetry/api";
import { AsyncLocalStorageContextManager } from "@opentelemetry/context-async-hooks";
import { W3CTraceContextPropagator } from "@opentelemetry/core";
import { OTLPTraceExporter } from "@opentelemetry/exporter-trace-otlp-http";
import { resourceFromAttributes } from "@opentelemetry/resources";
import {
  BatchSpanProcessor,
  ParentBasedSampler,
  TraceIdRatioBasedSampler,
  TracerProvider,
} from "@opentelemetry/sdk-trace";
import { hostname } from "node:os";
import type { Env } from "@/lib/env";
import { ScrubbingProcessor } from "@/lib/tracing/scrub";
import { markTracingOn, tracingOn } from "@/lib/tracing/spans";

/** Sends traces from now on (instrumentation.ts calls it when an OTLP endpoint is set). */
export function startTracing(config: Env): void {
  if (tracingOn()) return;
  const provider = new TracerProvider({
    resource: resourceFromAttributes({
      "service.name": config.OTEL_SERVICE_NAME,
      "service.instance.id": `${hostname()}:${process.pid}`,
    }),
    sampler: new ParentBasedSampler({ root: new TraceIdRatioBasedSampler(config.OTEL_TRACES_SAMPLER_ARG) }),
    spanProcessors: [
      new ScrubbingProcessor(),
      // The exporter reads the endpoint, headers and timeout from the OTEL_EXPORTER_OTLP_* variables.
      new BatchSpanProcessor({ exporter: new OTLPTraceExporter(), scheduledDelayMillis: 1_000 }),
    ],
  });
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  trace.setGlobalTracerProvider(provider);
  markTracingOn();
  // What is still queued goes out before the process ends (Next.js ends it on SIGTERM itself).
  process.once("beforeExit", () => void provider.shutdown().catch(() => {}));
}
