import * as api from "@opentelemetry/api";
import { OTLPTraceExporter } from "@opentelemetry/exporter-trace-otlp-http";
import { registerInstrumentations } from "@opentelemetry/instrumentation";
import { HttpInstrumentation } from "@opentelemetry/instrumentation-http";
import { PgInstrumentation } from "@opentelemetry/instrumentation-pg";
import { resourceFromAttributes } from "@opentelemetry/resources";
import { BatchSpanProcessor } from "@opentelemetry/sdk-trace-base";
import { NodeTracerProvider } from "@opentelemetry/sdk-trace-node";
import type { TracingConfig } from "../config.js";
import { SERVICE_VERSION } from "../version.js";
import { useTracingApi } from "./tracing.js";

/** Probes and scrapes every few seconds: spans of them would bury the requests worth reading. */
const UNTRACED_PATHS = /^\/(health(\/live)?|metrics)(\?|$)/;

export type Tracing = {
  /** Sends the spans still buffered and stops; call before the process exits. */
  shutdown(): Promise<void>;
};

/**
 * Starts the OpenTelemetry SDK: HTTP server spans (named by route pattern, see request-hooks.ts),
 * `pg` query spans, and our own spans (expansions, PGlite queries), exported in batches over
 * OTLP/HTTP (JSON). Must run before Fastify and `pg` are loaded: the instrumentations patch
 * modules as they load. Loaded only when tracing is configured (see main.ts).
 */
export async function startTracing(config: TracingConfig): Promise<Tracing> {
  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({ "service.name": config.serviceName, "service.version": SERVICE_VERSION }),
    spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter({ url: config.tracesUrl }))],
  });
  provider.register();
  registerInstrumentations({
    tracerProvider: provider,
    instrumentations: [
      new HttpInstrumentation({
        ignoreIncomingRequestHook: (request) => UNTRACED_PATHS.test(request.url ?? ""),
      }),
      new PgInstrumentation({ requireParentSpan: true }),
    ],
  });
  useTracingApi(api);
  return { shutdown: () => provider.shutdown() };
}
