import { lookup as dnsLookup, type LookupAddress } from "node:dns";
import { lookup as dnsLookupAll } from "node:dns/promises";
import { BlockList, isIP, type LookupFunction } from "node:net";

/**
 * Fences for requests this server makes to addresses someone else chose (OAuth client metadata
 * documents, webhooks): only public addresses, checked on the address actually connected to, so
 * a DNS answer that changes between a check and the connection cannot point inside the network.
 */

/** Loopback, private, link-local, shared, reserved and multicast ranges: nothing public lives there. */
const NON_PUBLIC = new BlockList();
for (const [network, prefix] of [
  ["0.0.0.0", 8],
  ["10.0.0.0", 8],
  ["100.64.0.0", 10],
  ["127.0.0.0", 8],
  ["169.254.0.0", 16],
  ["172.16.0.0", 12],
  ["192.0.0.0", 24],
  ["192.0.2.0", 24],
  ["192.168.0.0", 16],
  ["198.18.0.0", 15],
  ["198.51.100.0", 24],
  ["203.0.113.0", 24],
  ["224.0.0.0", 4],
  ["240.0.0.0", 4],
] as const) {
  NON_PUBLIC.addSubnet(network, prefix, "ipv4");
}
for (const [network, prefix] of [
  ["::", 128],
  ["::1", 128],
  // Translated addresses could name any IPv4 address, private ones included. (IPv4-mapped ones,
  // ::ffff:a.b.c.d, are checked against the IPv4 ranges above by the block list itself.)
  ["64:ff9b::", 96],
  ["100::", 64],
  ["2001:db8::", 32],
  ["fc00::", 7],
  ["fe80::", 10],
  ["ff00::", 8],
] as const) {
  NON_PUBLIC.addSubnet(network, prefix, "ipv6");
}

/** Whether an IP address is on the public internet. */
export function isPublicAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 0) return false;
  return !NON_PUBLIC.check(address, family === 4 ? "ipv4" : "ipv6");
}

/** A URL's host without the brackets of an IPv6 literal. */
export const bareHost = (url: URL): string => url.hostname.replace(/^\[|\]$/g, "");

/**
 * A `lookup` for `http.request` that resolves like the system does but keeps only the addresses
 * the request may connect to; `refused(hostname)` makes the error when none is left.
 */
export function guardedLookup(allowPrivate: boolean, refused: (hostname: string) => Error): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { all: true, family: options.family }, (error, addresses: LookupAddress[]) => {
      if (error) return callback(error, "", 0);
      const usable = allowPrivate ? addresses : addresses.filter((entry) => isPublicAddress(entry.address));
      const [first] = usable;
      if (!first) return callback(refused(hostname), "", 0);
      if (options.all) return (callback as unknown as (error: null, all: LookupAddress[]) => void)(null, usable);
      callback(null, first.address, first.family);
    });
  };
}

export type AddressCheck =
  | { ok: true }
  | { ok: false; reason: "unresolvable" }
  | { ok: false; reason: "non_public"; address: string };

/**
 * Resolves a host (an IP literal resolves to itself) and reports the first address that is not
 * public: for checks made before any request, when a setting is saved.
 */
export async function checkHostIsPublic(host: string): Promise<AddressCheck> {
  let addresses: LookupAddress[];
  try {
    addresses = isIP(host) ? [{ address: host, family: isIP(host) }] : await dnsLookupAll(host, { all: true });
  } catch {
    return { ok: false, reason: "unresolvable" };
  }
  if (addresses.length === 0) return { ok: false, reason: "unresolvable" };
  const blocked = addresses.find((entry) => !isPublicAddress(entry.address));
  return blocked ? { ok: false, reason: "non_public", address: blocked.address } : { ok: true };
}
