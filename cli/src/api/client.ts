import createClient, { type Client } from "openapi-fetch";
import { freshCredential } from "../auth/session.js";
import { resolveConnection, type StoredCredential } from "../config/credentials.js";
import { CliError } from "../output.js";
import { VERSION } from "../version.js";
import type { paths } from "./schema.js";

export type Api = Client<paths>;

/** A connected client: the typed API, where it points, and `fetch` with the same credential for other requests (event streams). */
export type Connection = {
  api: Api;
  url: string;
  credential: StoredCredential | null;
  fetch: (request: Request) => Promise<Response>;
};

/** The value of the Authorization header for a credential (an OAuth token refreshed first when due). */
export async function authorizationFor(credential: StoredCredential | null): Promise<string | null> {
  if (!credential) return null;
  return `Bearer ${credential.kind === "api_key" ? credential.apiKey : credential.accessToken}`;
}

/**
 * A `fetch` that signs requests with the credential. An OAuth access token is refreshed shortly
 * before it expires; if the server refuses it anyway (revoked, clock skew, refreshed by another
 * process), the token is refreshed once and the request sent again.
 */
export function authorizedFetch(initial: StoredCredential | null): (request: Request) => Promise<Response> {
  let credential = initial;
  return async (request) => {
    const retry = credential?.kind === "oauth" ? request.clone() : null;
    if (credential?.kind === "oauth") credential = await freshCredential(credential);
    const send = async (outgoing: Request) => {
      const authorization = await authorizationFor(credential);
      if (authorization) outgoing.headers.set("authorization", authorization);
      outgoing.headers.set("user-agent", `spechub-cli/${VERSION}`);
      return fetch(outgoing);
    };
    const response = await send(request);
    if (response.status !== 401 || !retry || credential?.kind !== "oauth") return response;
    credential = await freshCredential(credential, true);
    return send(retry);
  };
}

/**
 * The typed client (the same generated contract as the web UI) for the server the flags,
 * environment or stored login name. The backend tells CLI requests apart by the User-Agent.
 */
export function connect(flags: { url?: string }): Connection {
  const { url, credential } = resolveConnection(flags);
  return connectWith(url, credential);
}

/** A client for `url` signed with exactly this credential (`spechub login` checking a new one). */
export function connectWith(url: string, credential: StoredCredential | null): Connection {
  const signed = authorizedFetch(credential);
  const api = createClient<paths>({ baseUrl: url, fetch: signed });
  return { api, url, credential, fetch: signed };
}

type FetchResult<T> = { data?: T; error?: unknown; response: Response };

/** A 422's `detail` list (one entry per problem, e.g. each input off the schema) as one line. */
function listedProblems(detail: unknown[]): string {
  return detail
    .map((item) => {
      const { loc, msg } = item as { loc?: unknown[]; msg?: string };
      const where = (loc ?? []).filter((part) => part !== "body").join(".");
      return where ? `${where}: ${msg}` : String(msg);
    })
    .join("; ");
}

/**
 * The message an API error carries: `{ message }`, `{ detail }` (text, or a list of problems) or
 * an RFC 6749 `error_description`.
 */
export function errorMessage(status: number, error: unknown): string {
  if (error && typeof error === "object") {
    const body = error as Record<string, unknown>;
    if (Array.isArray(body.detail)) return listedProblems(body.detail);
    for (const key of ["message", "detail", "error_description", "error"]) {
      if (typeof body[key] === "string") return body[key] as string;
    }
  }
  if (status === 401) return "Not signed in, or the credential expired: run `spechub login`";
  return `The server answered ${status}`;
}

/** Awaits an `api.GET/POST/...` call: its data, or a CliError naming what the server refused. */
export async function unwrap<T>(request: Promise<FetchResult<T>>): Promise<T> {
  let result: FetchResult<T>;
  try {
    result = await request;
  } catch (error) {
    if (error instanceof CliError) throw error;
    const cause = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).message;
    throw new CliError(`Cannot reach the SpecHub server (${cause})`);
  }
  const { data, error, response } = result;
  if (!response.ok) throw new CliError(`${errorMessage(response.status, error)} (HTTP ${response.status})`);
  return data as T;
}
