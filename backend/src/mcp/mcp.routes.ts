import { WebStandardStreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js";
import { isInitializeRequest } from "@modelcontextprotocol/sdk/types.js";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import type { Config } from "../config.js";
import type { ChangeFeed } from "../db/change-feed.js";
import { AppError, badRequest, unauthorized } from "../http/errors.js";
import { allowsAnonymousMcp } from "../modules/settings/settings.service.js";
import { answerDirectCall, directCallOf } from "./direct-calls.js";
import { eventStreamRoute } from "./event-stream.js";
import { installJsonRpcErrorHandler, jsonRpcErrorBody, jsonRpcErrorResponse } from "./json-rpc-errors.js";
import { createMcpServer, instructionsFor } from "./mcp.server.js";
import type { McpContext } from "./mcp-context.js";
import { loadSessionContext } from "./session-context.js";
import { endSession, type McpSession, resumeSession, startSession } from "./sessions.service.js";

const tags = ["mcp"];
const SESSION_HEADER = "mcp-session-id";
const ALLOWED_METHODS = "GET, POST, DELETE";

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

/** The names a server on a loopback address is reached by, from its own machine. */
const LOOPBACK_NAMES = ["localhost", "127.0.0.1", "[::1]"];

const isLoopbackAddress = (address: string) =>
  address === "localhost" || address === "::1" || address === "[::1]" || /^127\.\d+\.\d+\.\d+$/.test(address);

/**
 * The hosts /mcp answers for: `ALLOWED_HOSTS`; when it is empty, any host, except on a server
 * bound to a loopback address (`HOST=127.0.0.1`), which only its own machine reaches by name
 * `localhost`, `127.0.0.1` or `[::1]`. Any other name there is a page whose own name resolves to
 * the loopback address (DNS rebinding), and it sends that name as Host and as Origin alike.
 */
export function allowedHostsFor(config: Pick<Config, "allowedHosts" | "host">): readonly string[] {
  if (config.allowedHosts.length > 0) return config.allowedHosts;
  return isLoopbackAddress(config.host.toLowerCase()) ? LOOPBACK_NAMES : [];
}

/** The scheme, host and port of an origin, or null for anything that is not one (such as `null`). */
function originOf(value: string): string | null {
  try {
    const origin = new URL(value).origin;
    return origin === "null" ? null : origin;
  } catch {
    return null;
  }
}

/**
 * Browsers name the page behind a request in `Origin`: a page elsewhere must not drive an MCP
 * server that trusts its network (DNS rebinding). Allowed: the server's own origin (`host` as
 * the client addressed it), the web origins in `CORS_ORIGINS` and the hosts in `ALLOWED_HOSTS`.
 */
export function isAllowedOrigin(
  origin: string,
  host: string,
  config: { allowedHosts: readonly string[]; corsOrigins: readonly string[] },
): boolean {
  const given = originOf(origin);
  if (given === null) return false;
  const originHost = new URL(given).host;
  if (originHost === host.toLowerCase()) return true;
  if (config.corsOrigins.some((listed) => originOf(listed) === given)) return true;
  return config.allowedHosts.length > 0 && isAllowedHost(originHost, config.allowedHosts);
}

/**
 * Refuses requests for another host (DNS rebinding) and requests from another site's pages.
 * `request.host` is the `X-Forwarded-Host` the web UI's proxy passes on when the proxy is
 * trusted (`TRUST_PROXY`), else the `Host` header: a client cannot pick it by sending the header.
 */
function assertHostAndOrigin(
  request: FastifyRequest,
  config: { allowedHosts: readonly string[]; corsOrigins: readonly string[] },
): void {
  const host = request.host;
  if (!isAllowedHost(host, config.allowedHosts)) {
    const header = host === (request.headers.host ?? "") ? "Host" : "X-Forwarded-Host";
    throw new AppError(403, "host_not_allowed", `Invalid ${header} header: ${host || "(none)"}`);
  }
  const origin = request.headers.origin;
  // No Origin: not a browser, so no page to fear.
  if (origin !== undefined && !isAllowedOrigin(origin, host, config)) {
    throw new AppError(403, "origin_not_allowed", `Invalid Origin header: ${origin}`);
  }
}

/**
 * Every method of the endpoint serves callers without credentials only while the organization
 * allows anonymous MCP access. Otherwise they get a 401 whose challenge (see json-rpc-errors)
 * sends the IDE to sign in through SpecHub's OAuth server.
 */
function refuseAnonymousUnlessAllowed(app: FastifyInstance): void {
  app.addHook("onRequest", async (request) => {
    if (request.principal || (await allowsAnonymousMcp(app.db))) return;
    throw unauthorized("Authentication required: sign in, or send 'Authorization: Bearer <API key>'", "unauthorized");
  });
}

/** The messages that cost: a session or an expansion. Listing is cheap and not counted. */
const isCostlyMessage = (message: unknown) => {
  const method = (message as { method?: unknown } | null)?.method;
  return method === "initialize" || method === "tools/call";
};

/**
 * A per-caller limit on `initialize` and `tools/call` (`MCP_RATE_LIMIT_MAX` a minute): a user,
 * whichever key or token they use, or an anonymous client's address. Null when switched off.
 */
function mcpRateLimit(app: FastifyInstance) {
  if (app.config.mcpRateLimitMax === 0) return null;
  return app.rateLimit({
    max: app.config.mcpRateLimitMax,
    timeWindow: "1 minute",
    keyGenerator: (request) => (request.principal ? `user:${request.principal.user.id}` : `ip:${request.ip}`),
    allowList: (request) =>
      !(Array.isArray(request.body) ? request.body.some(isCostlyMessage) : isCostlyMessage(request.body)),
    errorResponseBuilder: (_request, context) =>
      new AppError(429, "rate_limited", `Too many MCP requests; try again in ${context.after}`, {
        "retry-after": String(Math.max(1, Math.ceil(context.ttl / 1000))),
      }),
  });
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

type McpAnswer = { status: number; headers: Headers; body: string };

/**
 * Hands the request to a stateless MCP transport and server made for it alone. The transport
 * answers JSON (never an event stream), so its whole answer is read here and passed on.
 */
async function answerMcp(request: FastifyRequest, ctx: McpContext, instructions?: string): Promise<McpAnswer> {
  const server = createMcpServer(ctx, { instructions });
  const transport = new WebStandardStreamableHTTPServerTransport({
    sessionIdGenerator: undefined,
    enableJsonResponse: true,
  });
  try {
    await server.connect(transport);
    const response = await transport.handleRequest(toTransportRequest(request), { parsedBody: request.body });
    return { status: response.status, headers: response.headers, body: await response.text() };
  } finally {
    void transport.close();
    void server.close();
  }
}

function sendAnswer(reply: FastifyReply, answer: McpAnswer): FastifyReply {
  reply.code(answer.status);
  answer.headers.forEach((value, name) => {
    reply.header(name, value);
  });
  return reply.send(answer.body === "" ? undefined : answer.body);
}

const methodNotAllowed = (reply: FastifyReply, message: string) =>
  reply.code(405).header("allow", ALLOWED_METHODS).send(jsonRpcErrorBody(-32000, message));

/**
 * The MCP endpoint (Streamable HTTP). Every request is identified like any API request (an
 * invalid key is a 401, never anonymous) and served by a fresh stateless transport; sessions live
 * in the database, so any replica serves any request of a session.
 */
export const mcpRoutes: FastifyPluginAsyncZod<{ changes: ChangeFeed }> = async (app, { changes }) => {
  installJsonRpcErrorHandler(app);
  const hostRules = { ...app.config, allowedHosts: allowedHostsFor(app.config) };
  app.addHook("onRequest", async (request) => assertHostAndOrigin(request, hostRules));
  refuseAnonymousUnlessAllowed(app);
  // One limiter for both paths, so they share each caller's count.
  const rateLimit = mcpRateLimit(app);
  const eventStream = eventStreamRoute(app, changes);

  for (const url of ["/mcp", "/mcp/"]) {
    app.post(
      url,
      {
        // Scopes are per tool: `read` to list and search, `expand` to run prompts and workflows.
        config: { auth: "public", scope: "read" },
        ...(rateLimit ? { preHandler: rateLimit } : {}),
        schema: {
          tags,
          summary: "MCP endpoint (Streamable HTTP, JSON-RPC)",
          description:
            "Send MCP JSON-RPC messages. With credentials, `initialize` answers with an `Mcp-Session-Id` header to " +
            "send on later requests; anonymous clients are served without a session. Without credentials only " +
            "public prompts and workflows are served, and only while the organization allows anonymous MCP " +
            "access (else 401 with a `WWW-Authenticate` naming the OAuth resource metadata); an invalid key or " +
            "token is a 401. `initialize` and `tools/call` are " +
            "limited per caller (429 with `Retry-After`).",
          body: z.unknown().describe("A JSON-RPC message or batch"),
          response: {
            200: z.unknown().describe("JSON-RPC response"),
            202: z.null(),
            429: jsonRpcErrorResponse,
            ...errors,
          },
        },
      },
      async (request, reply) => {
        const principal = request.principal;
        const base = { db: app.db, usage: app.usage, log: request.log, requestId: request.id, principal };
        if (isInitialization(request.body)) {
          const context = await loadSessionContext(app.db, principal);
          const answer = await answerMcp(request, { ...base, session: null }, instructionsFor(context));
          // A session is stored only once the client is initialized, and only for an identified caller:
          // anonymous callers have no governance to deliver, so they need no session at all.
          if (principal && answer.status === 200) {
            answer.headers.set(SESSION_HEADER, (await startSession(app.db, principal, request.log)).id);
          }
          return sendAnswer(reply, answer);
        }
        const sessionId = sessionIdOf(request);
        const session: McpSession | null = sessionId ? await resumeSession(app.db, principal, sessionId) : null;
        const call = directCallOf(request);
        if (call) {
          const answer = await answerDirectCall({ ...base, session }, call);
          return reply.type("application/json").send(JSON.stringify(answer));
        }
        return sendAnswer(reply, await answerMcp(request, { ...base, session }));
      },
    );

    app.route({ method: "GET", url, ...eventStream });

    app.route({
      method: ["PUT", "PATCH"],
      url,
      config: { auth: "public", scope: "read" },
      schema: { hide: true },
      handler: async (request, reply) =>
        methodNotAllowed(
          reply,
          `Method not allowed: ${request.method}; send messages with POST, listen with GET, end a session with DELETE`,
        ),
    });

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
