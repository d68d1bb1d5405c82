import createClient, { type Client } from "openapi-fetch";
import { resolveConnection, type StoredCredential } from "../config/credentials.js";
import { CliError } from "../output.js";
import { VERSION } from "../version.js";
import type { paths } from "./schema.js";

export type Api = Client<paths>;

/** A connected client: the typed API and where it points. */
export type Connection = { api: Api; url: string; credential: StoredCredential | null };

/** The value of the Authorization header for a credential (an OAuth token refreshed first when due). */
export async function authorizationFor(credential: StoredCredential | null): Promise<string | null> {
  if (!credential) return null;
  return `Bearer ${credential.kind === "api_key" ? credential.apiKey : credential.accessToken}`;
}

/**
 * The typed client (the same generated contract as the web UI) for the server the flags,
 * environment or stored login name. The backend tells CLI requests apart by the User-Agent.
 */
export function connect(flags: { url?: string }): Connection {
  const { url, credential } = resolveConnection(flags);
  const api = createClient<paths>({ baseUrl: url, headers: { "user-agent": `spechub-cli/${VERSION}` } });
  api.use({
    async onRequest({ request }) {
      const authorization = await authorizationFor(credential);
      if (authorization) request.headers.set("authorization", authorization);
      return request;
    },
  });
  return { api, url, credential };
}

type FetchResult<T> = { data?: T; error?: unknown; response: Response };

/** The message an API error carries (`{ message }`, `{ detail }` or an RFC 6749 `error_description`). */
export function errorMessage(status: number, error: unknown): string {
  if (error && typeof error === "object") {
    const body = error as Record<string, unknown>;
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
    const cause = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).message;
    throw new CliError(`Cannot reach the SpecHub server (${cause})`);
  }
  const { data, error, response } = result;
  if (!response.ok) throw new CliError(`${errorMessage(response.status, error)} (HTTP ${response.status})`);
  return data as T;
}
