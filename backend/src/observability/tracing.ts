import type * as OpenTelemetry from "@opentelemetry/api";

/**
 * Spans of our own (expansions, PGlite queries, request details on the HTTP span). The
 * OpenTelemetry API is handed over by `start-tracing.ts` once the SDK runs; until then, and
 * always when tracing is off, every helper here costs one null check and loads nothing.
 */
let api: typeof OpenTelemetry | null = null;

const TRACER_NAME = "spechub";

export type SpanAttributes = OpenTelemetry.Attributes;

/** What a traced function may add to its span as it learns more (the version served, the status). */
export type SpanNotes = { set(attributes: SpanAttributes): void };

const noNotes: SpanNotes = { set: () => {} };

export function useTracingApi(loaded: typeof OpenTelemetry): void {
  api = loaded;
}

export const tracingEnabled = (): boolean => api !== null;

/** A status code carried by an error (AppError and friends); undefined for a plain failure. */
function statusOf(error: unknown): number | undefined {
  const status = (error as { statusCode?: unknown } | null)?.statusCode;
  return typeof status === "number" ? status : undefined;
}

export type SpanOptions = {
  /** Only inside another span: for work that is noise on its own (a query outside any request). */
  requireParent?: boolean;
};

/**
 * Runs `run` inside a new span, child of the current one. A caller's mistake (a 4xx error) is
 * noted on the span but does not mark it failed; anything else does, with the exception recorded.
 */
export function inSpan<T>(
  name: string,
  attributes: SpanAttributes,
  run: (notes: SpanNotes) => Promise<T>,
  options: SpanOptions = {},
): Promise<T> {
  if (!api || (options.requireParent && !api.trace.getActiveSpan())) return run(noNotes);
  const { SpanStatusCode } = api;
  return api.trace.getTracer(TRACER_NAME).startActiveSpan(name, { attributes }, async (span) => {
    try {
      return await run({ set: (more) => span.setAttributes(more) });
    } catch (error) {
      const status = statusOf(error);
      const code = (error as { code?: unknown } | null)?.code;
      span.setAttribute("error.type", typeof code === "string" ? code : (error as Error)?.name || "Error");
      if (status === undefined || status >= 500) {
        if (error instanceof Error) span.recordException(error);
        span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.message : String(error) });
      }
      throw error;
    } finally {
      span.end();
    }
  });
}

/**
 * Adds to the span of the work under way (the HTTP server span inside a request), and renames it
 * when `name` is given: the HTTP instrumentation knows the method, not the route pattern.
 */
export function annotateActiveSpan(attributes: SpanAttributes, name?: string): void {
  if (!api) return;
  const span = api.trace.getActiveSpan();
  if (!span) return;
  span.setAttributes(attributes);
  if (name) span.updateName(name);
}
