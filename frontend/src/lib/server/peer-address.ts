import { randomBytes, timingSafeEqual } from "node:crypto";
import diagnosticsChannel from "node:diagnostics_channel";
import type { IncomingMessage } from "node:http";
import type { Socket } from "node:net";

/**
 * Carries the address of the connection a request arrived on to the route handlers, which see
 * only headers: Next does not expose the socket, and the X-Forwarded-For it fills in when the
 * client sent none is the client's own claim whenever the client did send one.
 */
export const PEER_HEADER = "x-spechub-peer";

/** Shared through globalThis: the instrumentation hook and the route handlers are separate bundles. */
const TOKEN = Symbol.for("spechub.peer-address-token");
type Holder = { [TOKEN]?: string };

/**
 * Stamps every request, as Node parses it and before Next sees it, with its socket's remote
 * address under a per-process secret, overwriting whatever a client sent under that name.
 */
export function recordPeerAddresses(): void {
  const holder = globalThis as Holder;
  if (holder[TOKEN]) return;
  const token = randomBytes(16).toString("hex");
  holder[TOKEN] = token;
  diagnosticsChannel.subscribe("http.server.request.start", (message) => {
    const { request, socket } = message as { request: IncomingMessage; socket: Socket };
    request.headers[PEER_HEADER] = `${token} ${socket.remoteAddress ?? ""}`;
  });
}

/**
 * The address of the connection a request came in on, or null when this process did not stamp
 * it (a request accepted while the server was still starting, before the hook was in place).
 */
export function peerAddress(headers: Headers): string | null {
  const token = (globalThis as Holder)[TOKEN];
  const value = headers.get(PEER_HEADER);
  if (!token || !value) return null;
  const [given = "", address = ""] = value.split(" ");
  const expected = Buffer.from(token);
  const actual = Buffer.from(given);
  if (actual.length !== expected.length || !timingSafeEqual(actual, expected)) return null;
  return address || null;
}
