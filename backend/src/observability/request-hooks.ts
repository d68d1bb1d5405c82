import type { FastifyInstance, FastifyRequest } from "fastify";
import type { AppMetrics } from "./metrics.js";
import { annotateActiveSpan, type SpanAttributes, tracingEnabled } from "./tracing.js";

/** What an MCP request asks for: the JSON-RPC method, and the tool or prompt it names. */
function mcpAttributes(body: unknown): SpanAttributes {
  const message = Array.isArray(body) ? body[0] : body;
  if (!message || typeof message !== "object") return {};
  const { method, params } = message as { method?: unknown; params?: { name?: unknown } };
  if (typeof method !== "string") return {};
  const attributes: SpanAttributes = { "rpc.system": "jsonrpc", "rpc.method": method };
  const name = typeof params?.name === "string" ? params.name : undefined;
  if (name && method === "tools/call") attributes["mcp.tool.name"] = name;
  if (name && method === "prompts/get") attributes["mcp.prompt.name"] = name;
  if (Array.isArray(body)) attributes["rpc.batch_size"] = body.length;
  return attributes;
}

function annotateRequestSpan(request: FastifyRequest): void {
  const attributes: SpanAttributes = {};
  if (request.principal) attributes["user.id"] = request.principal.user.id;
  if (request.routeOptions.url === "/mcp" && request.method === "POST")
    Object.assign(attributes, mcpAttributes(request.body));
  annotateActiveSpan(attributes);
}

/**
 * App-wide request hooks: the request counters and latency for `/metrics` (when on), and, when
 * tracing, the route pattern, the caller and the MCP method on the HTTP server span. Installed on
 * the root before any route, so every route (and the 404 handler) has them.
 */
export function observeRequests(app: FastifyInstance, metrics: AppMetrics | null): void {
  if (tracingEnabled()) {
    app.addHook("onRequest", async (request) => {
      const route = request.routeOptions.url;
      // The HTTP instrumentation names the span by method only: the route pattern is ours to give.
      if (route) annotateActiveSpan({ "http.route": route }, `${request.method} ${route}`);
    });
    // After authentication and body parsing, while the span is still open.
    app.addHook("preHandler", async (request) => annotateRequestSpan(request));
  }
  if (metrics) {
    app.addHook("onResponse", async (request, reply) => metrics.observeResponse(request, reply));
  }
}
