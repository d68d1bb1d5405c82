import proxyAddr from "proxy-addr";

/** Whether the hop at `address` (0 = the connection's peer) may speak for the client. */
export type TrustProxy = (address: string, hop: number) => boolean;

/**
 * TRUST_PROXY, in the backend's syntax (comma-separated addresses, CIDR ranges, or the names
 * `loopback`, `linklocal`, `uniquelocal`): the proxies in front of the web UI whose
 * X-Forwarded-* headers are believed. Unset trusts a proxy on the same machine only; the Helm
 * chart names the OpenShift router; empty believes nobody.
 */
export function parseTrustProxy(value: string | undefined): TrustProxy {
  const entries = (value ?? "loopback")
    .split(",")
    .map((entry) => entry.trim())
    .filter(Boolean);
  try {
    return proxyAddr.compile(entries);
  } catch (error) {
    throw new Error(`TRUST_PROXY: ${(error as Error).message}`);
  }
}

/** What the web UI vouches for when it passes a request on: the client's address, Host and scheme. */
export type Forwarding = { for: string | null; host: string | null; proto: string };

/** "::ffff:10.0.0.1" (an IPv4 client on a dual-stack socket) is 10.0.0.1. */
const unmapped = (address: string) => address.replace(/^::ffff:(\d+\.\d+\.\d+\.\d+)$/i, "$1");

/**
 * Who the client is, from the connection's peer and, only when that peer is a trusted proxy,
 * the forwarding headers it added. The X-Forwarded-For chain is walked from the right, as
 * proxy-addr (and so the backend) does: each trusted hop may name the one before it, and the
 * first untrusted address is the client. So a client's own X-Forwarded-For, Host claims and
 * scheme claims count for nothing unless a trusted proxy stands between it and us.
 *
 * `peer` is null when the connection's address is unknown: then nothing is claimed for the
 * client, and the backend sees this proxy's own address.
 */
export function forwardingFor(peer: string | null, headers: Headers, trust: TrustProxy): Forwarding {
  const host = headers.get("host");
  // The standalone server speaks plain HTTP: HTTPS ends at a proxy, which must be trusted to say so.
  if (peer === null) return { for: null, host, proto: "http" };
  if (!trust(peer, 0)) return { for: unmapped(peer), host, proto: "http" };
  const hops = [
    peer,
    ...(headers.get("x-forwarded-for") ?? "")
      .split(",")
      .map((entry) => entry.trim())
      .filter(Boolean)
      .reverse(),
  ];
  let client = 0;
  while (client < hops.length - 1 && trust(hops[client] as string, client)) client++;
  return {
    for: unmapped(hops[client] as string),
    host: headers.get("x-forwarded-host") ?? host,
    proto: headers.get("x-forwarded-proto") ?? "http",
  };
}
