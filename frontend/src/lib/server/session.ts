import "server-only";
import { cookies } from "next/headers";
import type { CurrentUser, ResponseBody, SignInOptions } from "@/lib/api/types";
import { backendUrl } from "@/lib/server/backend-url";

/** The cookie the backend sets on sign-in. */
export const SESSION_COOKIE = "pcp_session";

/** How long a page waits for the backend before showing the "unavailable, retrying" state. */
const BACKEND_TIMEOUT_MS = 5_000;

/**
 * The backend could not be reached or failed (refused connection, timeout, 5xx). Pages catch it
 * and show a state that retries by itself instead of an error page.
 */
export class BackendUnavailableError extends Error {
  constructor(path: string, reason: string) {
    super(`GET ${path}: backend unavailable (${reason})`);
    this.name = "BackendUnavailableError";
  }
}

async function backendGet(path: string, cookieHeader?: string): Promise<Response> {
  let response: Response;
  try {
    response = await fetch(`${backendUrl()}${path}`, {
      headers: cookieHeader ? { cookie: cookieHeader } : {},
      cache: "no-store",
      signal: AbortSignal.timeout(BACKEND_TIMEOUT_MS),
    });
  } catch (error) {
    throw new BackendUnavailableError(path, error instanceof Error ? error.message : String(error));
  }
  if (response.status >= 500) throw new BackendUnavailableError(path, `status ${response.status}`);
  return response;
}

/**
 * The signed-in user for this request, or null when there is no valid session. Server
 * components call this before rendering so a signed-out visitor never sees the app shell.
 */
export async function getCurrentUser(): Promise<CurrentUser | null> {
  const jar = await cookies();
  const session = jar.get(SESSION_COOKIE);
  if (!session) return null;
  const response = await backendGet("/api/v1/auth/me", `${SESSION_COOKIE}=${session.value}`);
  if (response.status === 401 || response.status === 403) return null;
  if (!response.ok) throw new Error(`GET /api/v1/auth/me answered ${response.status}`);
  return (await response.json()) as CurrentUser;
}

/** Whether the organization exists; until it does, the only way in is registering its first admin. */
export async function organizationExists(): Promise<boolean> {
  const response = await backendGet("/api/v1/auth/status");
  if (!response.ok) throw new Error(`GET /api/v1/auth/status answered ${response.status}`);
  const body = (await response.json()) as ResponseBody<"/api/v1/auth/status", "get">;
  return body.has_org;
}

/** How people sign in here: a local password, the company's identity provider, or both. */
export async function signInOptions(): Promise<SignInOptions> {
  const response = await backendGet("/api/v1/auth/providers");
  if (!response.ok) throw new Error(`GET /api/v1/auth/providers answered ${response.status}`);
  return (await response.json()) as SignInOptions;
}
