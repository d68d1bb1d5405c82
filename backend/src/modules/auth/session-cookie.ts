import type { FastifyReply, FastifyRequest } from "fastify";
import type { AuthUser } from "../../http/types.js";
import { SESSION_COOKIE } from "./principal.js";
import type { SessionTokens } from "./session-token.js";

/** Whether cookies set in answer to this request carry `Secure` (COOKIE_SECURE, or the request's scheme). */
export function secureCookies(request: FastifyRequest): boolean {
  const setting = request.server.config.cookieSecure;
  return setting === "auto" ? request.protocol === "https" : setting;
}

/** Signs a session for `user`, sets it as the httpOnly cookie and returns the AuthResponse body. */
export async function startSession(
  request: FastifyRequest,
  reply: FastifyReply,
  tokens: SessionTokens,
  user: AuthUser,
) {
  const token = await tokens.sign(user);
  reply.setCookie(SESSION_COOKIE, token, {
    path: "/",
    httpOnly: true,
    sameSite: "lax",
    secure: secureCookies(request),
    maxAge: tokens.expiresInSeconds,
  });
  return { token, user: authUserBody(user) };
}

/**
 * After `user`'s sessions were ended by their own request (a new password), a browser that made
 * it stays signed in with a fresh cookie; a bearer token is the client's to replace by signing in.
 */
export async function renewOwnBrowserSession(
  request: FastifyRequest,
  reply: FastifyReply,
  tokens: SessionTokens,
  user: AuthUser,
): Promise<void> {
  const caller = request.principal;
  if (caller?.via !== "cookie" || caller.user.id !== user.id || !user.isActive) return;
  await startSession(request, reply, tokens, user);
}

export function endSession(request: FastifyRequest, reply: FastifyReply): void {
  reply.clearCookie(SESSION_COOKIE, { path: "/", httpOnly: true, sameSite: "lax", secure: secureCookies(request) });
}

export function authUserBody(user: AuthUser) {
  return {
    id: user.id,
    username: user.username,
    display_name: user.displayName,
    email: user.email,
    role: user.role,
    team_id: user.teamId,
  };
}
