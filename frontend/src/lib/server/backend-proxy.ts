import { backendUrl } from "@/lib/server/backend-url";
import { forwardingFor, parseTrustProxy } from "@/lib/server/forwarding";
import { PEER_HEADER, peerAddress } from "@/lib/server/peer-address";

/**
 * Headers that describe one hop rather than the message (RFC 9110 §7.6.1), plus those fetch
 * sets itself from the target URL and the body.
 */
const HOP_BY_HOP = [
  "connection",
  "keep-alive",
  "proxy-connection",
  "transfer-encoding",
  "te",
  "trailer",
  "upgrade",
  "host",
  "content-length",
];

/**
 * Claims about the client that only this proxy can vouch for: whatever the client sent under
 * these names is dropped and replaced (see forwardingFor).
 */
const FORWARDING = [
  "x-forwarded-for",
  "x-forwarded-host",
  "x-forwarded-proto",
  "x-forwarded-port",
  "forwarded",
  "x-real-ip",
];

const trustProxy = parseTrustProxy(process.env.TRUST_PROXY);

function forwardedRequestHeaders(request: Request): Headers {
  const headers = new Headers(request.headers);
  for (const name of [...HOP_BY_HOP, ...FORWARDING, PEER_HEADER]) headers.delete(name);
  // The backend keys its rate limits on the client's address and compares a browser's Origin, and
  // /mcp's allowed hosts, with the host it was addressed as: behind this proxy, that is our Host.
  const forwarding = forwardingFor(peerAddress(request.headers), request.headers, trustProxy);
  if (forwarding.for) headers.set("x-forwarded-for", forwarding.for);
  if (forwarding.host) headers.set("x-forwarded-host", forwarding.host);
  headers.set("x-forwarded-proto", forwarding.proto);
  // fetch would otherwise ask for gzip and transparently decompress, leaving a Content-Encoding
  // header that no longer matches the body we pass on.
  headers.set("accept-encoding", "identity");
  return headers;
}

function returnedResponseHeaders(upstream: Response): Headers {
  const headers = new Headers();
  upstream.headers.forEach((value, name) => {
    if (name === "set-cookie" || HOP_BY_HOP.includes(name)) return;
    headers.set(name, value);
  });
  // Several cookies must stay several headers; joining them with commas would break their dates.
  for (const cookie of upstream.headers.getSetCookie()) headers.append("set-cookie", cookie);
  if (headers.has("content-encoding")) headers.delete("content-length");
  return headers;
}

/**
 * Forwards a request to the same path on the backend and streams the answer back unbuffered,
 * so MCP's server-sent events arrive as they are written. Method, headers, cookies and body go
 * through unchanged, except the forwarding headers, which say what this proxy vouches for; an
 * unreachable backend is a 502 with a log line naming the target.
 */
export async function proxyToBackend(request: Request): Promise<Response> {
  const url = new URL(request.url);
  const target = `${backendUrl()}${url.pathname}${url.search}`;
  const hasBody = request.method !== "GET" && request.method !== "HEAD" && request.body !== null;
  let upstream: Response;
  try {
    upstream = await fetch(target, {
      method: request.method,
      headers: forwardedRequestHeaders(request),
      body: hasBody ? request.body : undefined,
      // Required by Node's fetch to send a streamed request body.
      duplex: "half",
      redirect: "manual",
      // The client going away (an MCP stream closed by the IDE) ends the upstream request too.
      signal: request.signal,
      cache: "no-store",
    } as RequestInit & { duplex: "half" });
  } catch (error) {
    if (request.signal.aborted) return new Response(null, { status: 499 });
    const reason =
      error instanceof Error ? ((error.cause as Error | undefined)?.message ?? error.message) : String(error);
    console.error(`proxy: backend unavailable at ${target} (${request.method}): ${reason}`);
    return Response.json({ error: "Backend unavailable" }, { status: 502 });
  }
  return new Response(upstream.body, {
    status: upstream.status,
    statusText: upstream.statusText,
    headers: returnedResponseHeaders(upstream),
  });
}

/** Route handler exports for every method, so one line wires a path to the backend. */
export const proxyHandlers = {
  GET: proxyToBackend,
  HEAD: proxyToBackend,
  POST: proxyToBackend,
  PUT: proxyToBackend,
  PATCH: proxyToBackend,
  DELETE: proxyToBackend,
  OPTIONS: proxyToBackend,
};
