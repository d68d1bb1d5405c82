import { lookup as dnsLookup, type LookupAddress } from "node:dns";
import http from "node:http";
import https from "node:https";
import { BlockList, isIP, type LookupFunction } from "node:net";
import { z } from "zod";
import { redirectUriProblem } from "./redirect-uris.js";

/**
 * Client ID Metadata Documents (MCP authorization, 2025-11-25): a client whose id is an https
 * URL publishes its metadata there. Fetching it means this server makes a request wherever a
 * stranger points it, so the fetch is fenced in: public addresses only (checked on the address
 * actually connected to, so DNS cannot change its answer in between), no redirects, a short
 * timeout and a small size cap.
 */

const TIMEOUT_MS = 5000;
const MAX_BYTES = 64 * 1024;

export class MetadataDocumentError extends Error {}

/** Loopback, private, link-local, shared, reserved and multicast ranges: nothing a public client lives at. */
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

/** Resolves like the system does, keeping only the addresses the fetch may connect to. */
function guardedLookup(allowPrivate: boolean): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { all: true, family: options.family }, (error, addresses: LookupAddress[]) => {
      if (error) return callback(error, "", 0);
      const usable = allowPrivate ? addresses : addresses.filter((entry) => isPublicAddress(entry.address));
      const [first] = usable;
      if (!first) {
        return callback(new MetadataDocumentError(`${hostname} resolves to no public address`), "", 0);
      }
      if (options.all) return (callback as unknown as (error: null, all: LookupAddress[]) => void)(null, usable);
      callback(null, first.address, first.family);
    });
  };
}

/**
 * Checks the client id as a URL to fetch, before any cached copy is used, so a document cached
 * under a more permissive setting is not served under a stricter one; returns it parsed.
 */
export function documentUrl(clientId: string, allowPrivate: boolean): URL {
  let url: URL;
  try {
    url = new URL(clientId);
  } catch {
    throw new MetadataDocumentError("the client id is not a URL");
  }
  if (url.protocol !== "https:" && !(allowPrivate && url.protocol === "http:")) {
    throw new MetadataDocumentError("a client metadata document must be served over https");
  }
  if (url.hash || clientId.includes("#")) throw new MetadataDocumentError("the client id must not have a fragment");
  if (url.username || url.password) throw new MetadataDocumentError("the client id must not hold credentials");
  if (url.pathname === "/" || /\/\.\.?(\/|$)/.test(url.pathname)) {
    throw new MetadataDocumentError("the client id must have a path, without '.' or '..' segments");
  }
  const host = url.hostname.replace(/^\[|\]$/g, "");
  if (isIP(host) !== 0 && !allowPrivate && !isPublicAddress(host)) {
    throw new MetadataDocumentError(`${host} is not a public address`);
  }
  return url;
}

/** GETs the document: one request, no redirects, at most MAX_BYTES within TIMEOUT_MS. */
function download(url: URL, allowPrivate: boolean): Promise<string> {
  const client = url.protocol === "https:" ? https : http;
  return new Promise((resolve, reject) => {
    const request = client.request(
      url,
      {
        method: "GET",
        headers: { accept: "application/json" },
        lookup: guardedLookup(allowPrivate),
        signal: AbortSignal.timeout(TIMEOUT_MS),
      },
      (response) => {
        const status = response.statusCode ?? 0;
        if (status !== 200) {
          response.resume();
          const why = status >= 300 && status < 400 ? "redirects are not followed" : "it must answer 200";
          return reject(new MetadataDocumentError(`fetching it answered ${status}: ${why}`));
        }
        const chunks: Buffer[] = [];
        let size = 0;
        response.on("data", (chunk: Buffer) => {
          size += chunk.length;
          if (size > MAX_BYTES) {
            request.destroy();
            reject(new MetadataDocumentError(`it is larger than ${MAX_BYTES / 1024} KB`));
            return;
          }
          chunks.push(chunk);
        });
        response.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
        response.on("error", reject);
      },
    );
    request.on("error", (error) =>
      reject(
        error instanceof MetadataDocumentError
          ? error
          : new MetadataDocumentError(
              error.name === "AbortError" || error.name === "TimeoutError"
                ? `it did not arrive within ${TIMEOUT_MS / 1000} s`
                : `it could not be fetched (${error.message})`,
            ),
      ),
    );
    request.end();
  });
}

const documentSchema = z.object({
  client_id: z.string(),
  client_name: z.string().trim().min(1).max(200).optional(),
  client_uri: z
    .url({ protocol: /^https$/ })
    .max(2000)
    .optional(),
  logo_uri: z
    .url({ protocol: /^https$/ })
    .max(2000)
    .optional(),
  redirect_uris: z.array(z.string().max(2000)).min(1).max(10),
  token_endpoint_auth_method: z.string().optional(),
  grant_types: z.array(z.string()).optional(),
  response_types: z.array(z.string()).optional(),
  scope: z.string().max(200).optional(),
});

export type ClientMetadataDocument = z.infer<typeof documentSchema>;

/** Checks a fetched document: it must name itself, list redirect URIs, and be a public client. */
export function validateDocument(clientId: string, raw: unknown): ClientMetadataDocument {
  const parsed = documentSchema.safeParse(raw);
  if (!parsed.success) {
    const [issue] = parsed.error.issues;
    throw new MetadataDocumentError(`${issue?.path.join(".") || "document"}: ${issue?.message ?? "is invalid"}`);
  }
  const document = parsed.data;
  if (document.client_id !== clientId) {
    throw new MetadataDocumentError(`its client_id '${document.client_id}' is not the URL it was fetched from`);
  }
  if ((raw as Record<string, unknown>).client_secret !== undefined) {
    throw new MetadataDocumentError("a metadata document client cannot have a client_secret");
  }
  if ((document.token_endpoint_auth_method ?? "none") !== "none") {
    throw new MetadataDocumentError("token_endpoint_auth_method must be 'none'");
  }
  if (document.response_types && !document.response_types.includes("code")) {
    throw new MetadataDocumentError("response_types must include 'code'");
  }
  if (document.grant_types && !document.grant_types.includes("authorization_code")) {
    throw new MetadataDocumentError("grant_types must include 'authorization_code'");
  }
  for (const uri of document.redirect_uris) {
    const problem = redirectUriProblem(uri);
    if (problem) throw new MetadataDocumentError(`redirect_uris: ${problem}`);
  }
  return document;
}

/** Fetches and checks the metadata document a client id points to. */
export async function fetchClientMetadataDocument(
  clientId: string,
  options: { allowPrivate: boolean },
): Promise<ClientMetadataDocument> {
  const url = documentUrl(clientId, options.allowPrivate);
  const body = await download(url, options.allowPrivate);
  let raw: unknown;
  try {
    raw = JSON.parse(body);
  } catch {
    throw new MetadataDocumentError("it is not JSON");
  }
  return validateDocument(clientId, raw);
}
