import type { JSONRPCNotification } from "@modelcontextprotocol/sdk/types.js";
import type { FastifyInstance, FastifyReply, FastifyRequest, RouteShorthandOptions } from "fastify";
import { z } from "zod";
import type { ChangeFeed } from "../db/change-feed.js";
import { AppError } from "../http/errors.js";
import { jsonRpcErrorResponse } from "./json-rpc-errors.js";
import {
  catchUp,
  createListChangeHub,
  eventIdOf,
  fingerprintOf,
  type ListChangeHub,
  type ListChangeHubOptions,
  type ListStream,
  toldBefore,
} from "./list-changes.js";
import { resumeSession } from "./sessions.service.js";

/** How long a client waits before reconnecting after its stream ends (server shutdown, lifetime). */
export const RETRY_MS = 2_000;

/** A client that reads nothing while this much waits to be sent is dropped, rather than buffered for. */
const MAX_BUFFERED_BYTES = 64 * 1024;

/** The first protocol version whose clients read an event with empty data (the priming event). */
const EMPTY_DATA_VERSION = "2025-11-25";

/** Whether the Accept header lists `text/event-stream` (parameters and weights aside). */
export function acceptsEventStream(accept: string | undefined): boolean {
  if (!accept) return false;
  return accept.split(",").some((range) => {
    const [type, ...parameters] = range.split(";").map((part) => part.trim().toLowerCase());
    const refused = parameters.some((parameter) => /^q=0(\.0*)?$/.test(parameter));
    return type === "text/event-stream" && !refused;
  });
}

const header = (request: FastifyRequest, name: string): string | undefined => {
  const value = request.headers[name];
  return typeof value === "string" && value !== "" ? value : undefined;
};

/** Anonymous callers share one view (public prompts and workflows); a user's depends on who and what they are. */
const viewKeyOf = (request: FastifyRequest) => {
  const user = request.principal?.user;
  return user ? `${user.role}:${user.id}` : "public";
};

/** Whom the per-caller limit counts: a user, whichever key or token they use, or an anonymous client's address. */
const callerKeyOf = (request: FastifyRequest) =>
  request.principal ? `user:${request.principal.user.id}` : `ip:${request.ip}`;

/** One server-sent event: an id always, then the fields given. */
const eventText = (id: string, fields: string[]) => `id: ${id}\n${fields.map((field) => `${field}\n`).join("")}\n`;

/**
 * Opens the caller's stream: checks what it asks for, reads the caller's fingerprint, then takes
 * the connection over (the reply is hijacked and written raw) and sends the priming event — an
 * id and the reconnection delay — then what a resuming client missed, then changes as they come.
 */
async function serveEventStream(
  app: FastifyInstance,
  hub: ListChangeHub,
  request: FastifyRequest,
  reply: FastifyReply,
): Promise<void> {
  if (!acceptsEventStream(request.headers.accept)) {
    throw new AppError(406, "not_acceptable", "Not Acceptable: the client must accept text/event-stream");
  }
  const principal = request.principal;
  const sessionId = header(request, "mcp-session-id") ?? null;
  if (sessionId !== null) await resumeSession(app.db, principal, sessionId);
  const release = hub.reserve(callerKeyOf(request));
  // Whatever is held is given back once the connection closes, which may be before the stream opens.
  let closed = false;
  let giveBack = release;
  reply.raw.once("close", () => {
    closed = true;
    giveBack();
  });
  try {
    const seenChanges = hub.changeCount();
    const now = await fingerprintOf(app.db, principal);
    if (closed) {
      reply.hijack();
      return;
    }
    const lastEventId = header(request, "last-event-id");
    const stream = openStream(request, reply, {
      viewKey: viewKeyOf(request),
      principal,
      sessionId,
      told: lastEventId === undefined ? now : toldBefore(lastEventId),
    });
    catchUp(stream, now);
    const remove = hub.add(stream, seenChanges);
    giveBack = () => {
      remove();
      release();
    };
  } catch (error) {
    release();
    throw error;
  }
}

/** Hijacks the reply and writes the stream's head and priming event. */
function openStream(
  request: FastifyRequest,
  reply: FastifyReply,
  fields: Pick<ListStream, "viewKey" | "principal" | "sessionId" | "told">,
): ListStream {
  const raw = reply.raw;
  reply.hijack();
  // What hooks set so far (CORS), which a hijacked reply would otherwise drop.
  for (const [name, value] of Object.entries(reply.getHeaders())) if (value !== undefined) raw.setHeader(name, value);
  raw.writeHead(200, {
    "content-type": "text/event-stream",
    "cache-control": "no-cache, no-transform",
    // Reverse proxies (nginx) pass each event on at once rather than buffering the stream.
    "x-accel-buffering": "no",
    // The connection is the stream's alone: once the stream ends, so does the connection, and a
    // closing server has no idle connection left to wait for.
    connection: "close",
    "x-request-id": request.id,
  });
  const write = (text: string) => {
    if (raw.writableEnded || raw.destroyed) return;
    if (raw.writableLength > MAX_BUFFERED_BYTES) {
      stream.destroy();
      return;
    }
    raw.write(text);
  };
  const stream: ListStream = {
    ...fields,
    openedAt: Date.now(),
    send: (message: JSONRPCNotification, eventId: string) =>
      write(eventText(eventId, [`data: ${JSON.stringify(message)}`])),
    keepAlive: () => write(": keep-alive\n\n"),
    end: () => {
      if (!raw.writableEnded) raw.end();
    },
    closed: new Promise((resolve) => raw.once("close", () => resolve())),
    destroy: () => raw.destroy(),
  };
  // Clients of older protocol versions fail on an event with empty data: theirs has no data, so
  // it reaches no handler, but its id and retry still apply.
  const version = header(request, "mcp-protocol-version") ?? "2025-03-26";
  const priming = version >= EMPTY_DATA_VERSION ? [`retry: ${RETRY_MS}`, "data: "] : [`retry: ${RETRY_MS}`];
  write(eventText(eventIdOf(stream.told), priming));
  return stream;
}

/** Each server's streams, by the HTTP server they are served on, for tests to inspect. */
const hubs = new WeakMap<object, ListChangeHub>();

/** The event streams served on `server` (an app's `app.server`). */
export const eventStreamsOn = (server: object): ListChangeHub | undefined => hubs.get(server);

/**
 * `GET /mcp`: the server-initiated event stream of Streamable HTTP, carrying
 * `notifications/prompts/list_changed` and `notifications/tools/list_changed` when what the
 * caller can list changes (on any replica). Streams end when the app closes, before the server
 * waits for open connections.
 */
export function eventStreamRoute(
  app: FastifyInstance,
  changes: ChangeFeed,
  options: Partial<ListChangeHubOptions> = {},
): RouteShorthandOptions & { handler: (request: FastifyRequest, reply: FastifyReply) => Promise<void> } {
  const hub = createListChangeHub({ db: app.db, changes, log: app.log, ...options });
  hubs.set(app.server, hub);
  app.addHook("preClose", async () => hub.close());
  return {
    // Not a rate-limited message: opening a stream is bounded by the per-caller stream limit.
    config: { auth: "public", scope: "read" },
    // HEAD would open a stream with nowhere to write it.
    exposeHeadRoute: false,
    schema: {
      tags: ["mcp"],
      summary: "MCP event stream (server-sent events): prompt and tool list changes",
      description:
        "With `Accept: text/event-stream`, opens a stream of server notifications: " +
        "`notifications/prompts/list_changed` and `notifications/tools/list_changed` whenever the prompts, " +
        "workflows or tools the caller can list change (a change made through any replica). The first event " +
        "(priming) carries an `id` and a `retry` delay; every event id records what the client was told, so a " +
        "client that reconnects with `Last-Event-ID` (to any replica) hears at once of what it missed. A " +
        "comment is sent every 25 seconds to keep the connection open; streams end when the server shuts down " +
        "and after 30 minutes, and clients reconnect after the `retry` delay. An `Mcp-Session-Id` must name the " +
        "caller's live session (404 otherwise); without one the stream is opened all the same. 406 without " +
        "`text/event-stream` in `Accept`; 429 beyond 10 open streams per caller.",
      response: {
        200: {
          description: "Server-sent events: a priming event, then JSON-RPC notifications",
          content: { "text/event-stream": { schema: z.string() } },
        },
        400: jsonRpcErrorResponse,
        401: jsonRpcErrorResponse,
        403: jsonRpcErrorResponse,
        404: jsonRpcErrorResponse,
        406: jsonRpcErrorResponse,
        429: jsonRpcErrorResponse,
        503: jsonRpcErrorResponse,
      },
    },
    handler: (request, reply) => serveEventStream(app, hub, request, reply),
  };
}
