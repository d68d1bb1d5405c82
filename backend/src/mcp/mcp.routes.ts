import { WebStandardStreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js";
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

/** The method name is checked first: the full schema check is costly, and most requests are not initializations. */
const isInitializeMessage = (message: unknown) =>
  (message as { method?: unknown } | null)?.method === "initialize" && isInitializeRequest(message);

const isInitialization = (body: unknown) =>
  Array.isArray(body) ? body.some(isInitializeMessage) : isInitializeMessage(body);

/** What the transport reads from a request: content negotiation and the protocol version. */
const TRANSPORT_HEADERS = ["accept", "content-type", "mcp-protocol-version"] as const;

/**
 * The transport works on web-standard requests. The body is already parsed, so a request with the
 * headers it checks is all it needs; the URL is a placeholder (it only reaches request handlers,
 * which ignore it), so an odd Host header cannot break it.
 */
function toTransportRequest(request: FastifyRequest): Request {
  const headers = new Headers();
  for (const name of TRANSPORT_HEADERS) {
    const value = request.headers[name];
    if (typeof value === "string") headers.set(name, value);
  }
  return new Request("http://localhost/mcp", { method: request.method, headers });
}

/**
 * Hands the request to a stateless MCP transport and server made for it alone. The transport
 * answers JSON (never an event stream), so its whole answer is passed on through Fastify.
 */
async function serveMcp(
  request: FastifyRequest,
  reply: FastifyReply,
  ctx: McpContext,
  options: { instructions?: string; issuedSessionId?: string },
): Promise<FastifyReply> {
  const server = createMcpServer(ctx, { instructions: options.instructions });
  const transport = new WebStandardStreamableHTTPServerTransport({
    sessionIdGenerator: undefined,
    enableJsonResponse: true,
  });
  try {
    await server.connect(transport);
    const response = await transport.handleRequest(toTransportRequest(request), { parsedBody: request.body });
    reply.code(response.status);
    response.headers.forEach((value, name) => {
      reply.header(name, value);
    });
    if (options.issuedSessionId) reply.header(SESSION_HEADER, options.issuedSessionId);
    const body = await response.text();
    return reply.send(body === "" ? undefined : body);
  } catch (error) {
    request.log.error({ err: error }, "MCP transport failed");
    return reply.code(500).send(jsonRpcErrorBody(-32603, "Internal error"));
  } finally {
    void transport.close();
    void server.close();
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
        config: { auth: "public", scope: "read" },
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
