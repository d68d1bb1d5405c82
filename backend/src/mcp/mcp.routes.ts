import { StreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/streamableHttp.js";
import { isInitializeRequest } from "@modelcontextprotocol/sdk/types.js";
import type { FastifyReply, FastifyRequest } from "fastify";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { AppError, badRequest } from "../http/errors.js";
import { installJsonRpcErrorHandler, jsonRpcErrorBody, jsonRpcErrorResponse } from "./json-rpc-errors.js";
import { createMcpServer, instructionsFor } from "./mcp.server.js";
import type { McpContext } from "./mcp-context.js";
import { loadSessionContext } from "./session-context.js";
import { endSession, type McpSession, resumeSession, startSession } from "./sessions.service.js";

const tags = ["mcp"];
const SESSION_HEADER = "mcp-session-id";

const errors = {
  400: jsonRpcErrorResponse,
  401: jsonRpcErrorResponse,
  403: jsonRpcErrorResponse,
  404: jsonRpcErrorResponse,
};

/**
 * Host names allowed to reach /mcp, against DNS rebinding (a hostile page whose name resolves to
 * this server). An entry matches the Host header as sent, or its name without the port.
 */
export function isAllowedHost(host: string | undefined, allowedHosts: readonly string[]): boolean {
  if (allowedHosts.length === 0) return true;
  if (!host) return false;
  const given = host.toLowerCase();
  const name = given.startsWith("[") ? given.slice(0, given.indexOf("]") + 1) : given.replace(/:\d+$/, "");
  return allowedHosts.includes(given) || allowedHosts.includes(name);
}

function sessionIdOf(request: FastifyRequest): string | undefined {
  const value = request.headers[SESSION_HEADER];
  return typeof value === "string" && value !== "" ? value : undefined;
}

const isInitialization = (body: unknown) =>
  Array.isArray(body) ? body.some((message) => isInitializeRequest(message)) : isInitializeRequest(body);

/**
 * Hands the request to a stateless MCP transport and server made for it alone. Fastify lets go
 * of the response, so the headers it prepared (CORS, request id, session id) are copied first.
 */
async function serveMcp(
  request: FastifyRequest,
  reply: FastifyReply,
  ctx: McpContext,
  options: { instructions?: string; issuedSessionId?: string },
): Promise<void> {
  const server = createMcpServer(ctx, { instructions: options.instructions });
  const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true });
  reply.hijack();
  const raw = reply.raw;
  for (const [name, value] of Object.entries(reply.getHeaders())) {
    if (value !== undefined) raw.setHeader(name, value);
  }
  raw.setHeader("x-request-id", request.id);
  if (options.issuedSessionId) raw.setHeader(SESSION_HEADER, options.issuedSessionId);
  raw.on("close", () => {
    void transport.close();
    void server.close();
  });
  try {
    await server.connect(transport);
    await transport.handleRequest(request.raw, raw, request.body);
  } catch (error) {
    request.log.error({ err: error }, "MCP transport failed");
    if (!raw.headersSent) {
      raw.writeHead(500, { "content-type": "application/json" });
      raw.end(JSON.stringify(jsonRpcErrorBody(-32603, "Internal error")));
    }
  }
}

/**
 * The MCP endpoint (Streamable HTTP). Every request is identified like any API request (an
 * invalid key is a 401, never anonymous) and served by a fresh stateless transport; sessions live
 * in the database, so any replica serves any request of a session.
 */
export const mcpRoutes: FastifyPluginAsyncZod = async (app) => {
  installJsonRpcErrorHandler(app);
  app.addHook("onRequest", async (request) => {
    if (!isAllowedHost(request.headers.host, app.config.allowedHosts)) {
      throw new AppError(403, "host_not_allowed", `Invalid Host header: ${request.headers.host ?? "(none)"}`);
    }
  });

  for (const url of ["/mcp", "/mcp/"]) {
    app.post(
      url,
      {
        // Scopes are per tool: `read` to list and search, `expand` to run prompts and workflows.
        // MCP changes nothing expansions read (sessions and usage only).
        config: { auth: "public", scope: "read", readOnly: true },
        schema: {
          tags,
          summary: "MCP endpoint (Streamable HTTP, JSON-RPC)",
          description:
            "Send MCP JSON-RPC messages. `initialize` answers with an `Mcp-Session-Id` header to send on later " +
            "requests. Without credentials only public prompts and workflows are served; an invalid key is a 401.",
          body: z.unknown().describe("A JSON-RPC message or batch"),
          response: { 200: z.unknown().describe("JSON-RPC response"), 202: z.null(), ...errors },
        },
      },
      async (request, reply) => {
        const principal = request.principal;
        const base = { db: app.db, usage: app.usage, log: request.log, requestId: request.id, principal };
        if (isInitialization(request.body)) {
          const [session, context] = await Promise.all([
            startSession(app.db, principal, request.log),
            loadSessionContext(app.db, principal),
          ]);
          return serveMcp(
            request,
            reply,
            { ...base, session },
            {
              instructions: instructionsFor(context),
              issuedSessionId: session.id,
            },
          );
        }
        const sessionId = sessionIdOf(request);
        const session: McpSession | null = sessionId ? await resumeSession(app.db, principal, sessionId) : null;
        return serveMcp(request, reply, { ...base, session }, {});
      },
    );

    app.get(
      url,
      {
        config: { auth: "public" },
        schema: {
          tags,
          summary: "Not offered: no server-initiated event stream",
          description: "Every response comes with its request, so there is no stream to open (405).",
          response: { 405: jsonRpcErrorResponse, ...errors },
        },
      },
      async (_request, reply) =>
        reply
          .code(405)
          .header("allow", "POST, DELETE")
          .send(jsonRpcErrorBody(-32000, "Method not allowed: this server sends no server-initiated event stream")),
    );

    app.delete(
      url,
      {
        config: { auth: "public", scope: "read" },
        schema: {
          tags,
          summary: "End an MCP session",
          description: "Ends the session named by the `Mcp-Session-Id` header; only its owner may.",
          response: { 204: z.null(), ...errors },
        },
      },
      async (request, reply) => {
        const sessionId = sessionIdOf(request);
        if (!sessionId) throw badRequest("Mcp-Session-Id header is required", "session_id_required");
        await endSession(app.db, request.principal, sessionId);
        return reply.code(204).send(null);
      },
    );
  }
};
