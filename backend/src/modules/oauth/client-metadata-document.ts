import http from "node:http";
import https from "node:https";
import { isIP } from "node:net";
import { z } from "zod";
import { bareHost, guardedLookup, isPublicAddress } from "../../lib/address-guard.js";
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

/** Resolves like the system does, keeping only the addresses the fetch may connect to. */
const lookupFor = (allowPrivate: boolean) =>
  guardedLookup(allowPrivate, (hostname) => new MetadataDocumentError(`${hostname} resolves to no public address`));

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
  const host = bareHost(url);
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
        lookup: lookupFor(allowPrivate),
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
