import type { FastifyBaseLogger } from "fastify";
import type { Db } from "../../db/client.js";
import { cachedRead, cacheKey } from "../../db/read-cache.js";
import { unauthorized } from "../../http/errors.js";
import type { AuthUser, Principal, RequestOrigin } from "../../http/types.js";
import { safeEqual, sha256Hex } from "../../lib/crypto.js";
import { API_KEY_PREFIX, findPresentedApiKey, noteApiKeyUse } from "../api-keys/api-keys.service.js";
import { ACCESS_TOKEN_PREFIX, findPresentedAccessToken, noteGrantUse } from "../oauth/access-tokens.js";
import { findUser } from "../users/user-lookup.service.js";
import { findOperatorUser } from "../users/users.service.js";
import type { UserRow } from "../users/users.types.js";
import type { SessionTokens } from "./session-token.js";

export const SESSION_COOKIE = "pcp_session";

export function toAuthUser(row: UserRow): AuthUser {
  return {
    id: row.id,
    username: row.username,
    displayName: row.displayName,
    email: row.email,
    role: row.role,
    teamId: row.teamId,
    isActive: row.isActive,
    sessionEpoch: row.sessionEpoch,
  };
}

/** A user acting in the request that signs them in or up (no session yet), for the audit log. */
export function signedInPrincipal(user: UserRow, origin: RequestOrigin | undefined): Principal {
  return { user: toAuthUser(user), via: "jwt", origin };
}

export type Credentials = { bearer?: string; cookie?: string };

type Deps = { db: Db; tokens: SessionTokens; operatorToken: string | undefined; log: FastifyBaseLogger };

/**
 * Turns the presented credentials into a principal. No credentials → null (anonymous).
 * A bearer token or API key that does not check out is a 401, never a silent downgrade to anonymous.
 */
export async function identifyCaller(deps: Deps, credentials: Credentials): Promise<Principal | null> {
  const { bearer, cookie } = credentials;
  if (bearer !== undefined) {
    // OAuth access tokens share the API keys' `pcp_` prefix, so they are told apart first.
    if (bearer.startsWith(ACCESS_TOKEN_PREFIX)) return identifyByAccessToken(deps, bearer);
    if (bearer.startsWith(API_KEY_PREFIX)) return identifyByApiKey(deps, bearer);
    if (deps.operatorToken && safeEqual(bearer, deps.operatorToken)) return identifyOperator(deps);
    return identifyBySession(deps, bearer, "jwt");
  }
  if (cookie !== undefined) {
    // A cookie is ambient, not deliberately presented: a stale one just means "signed out".
    return identifyBySession(deps, cookie, "cookie").catch(() => null);
  }
  return null;
}

const invalidAccessToken = () => unauthorized("Invalid or expired access token", "invalid_token");
const invalidKey = () => unauthorized("Invalid or expired API key", "invalid_api_key");
const inactiveUser = () => unauthorized("User not found or inactive", "inactive_user");
const sessionEnded = () =>
  unauthorized("Session ended (signed out, password changed or account deactivated); sign in again", "session_ended");

/**
 * Keys and users are looked up once and then served from the identities cache, which every
 * change to a user or key empties on every replica (the database's notification), so a revoked
 * key or an ended session stops working everywhere as soon as the change commits.
 */
async function identifyByApiKey(deps: Deps, raw: string): Promise<Principal> {
  const hash = sha256Hex(raw);
  const { principal, expiresAt } = await cachedRead(
    deps.db,
    cacheKey("api-key", hash),
    async () => {
      const key = await findPresentedApiKey(deps.db, hash);
      if (!key?.isActive) throw invalidKey();
      const user = await findUser(deps.db, key.userId);
      if (!user?.isActive) throw inactiveUser();
      noteApiKeyUse(deps.db, key.id).catch((error) => deps.log.warn({ err: error }, "could not record API key use"));
      const principal: Principal = {
        user: toAuthUser(user),
        via: "api_key",
        apiKey: { id: key.id, scopes: key.scopes },
      };
      return { principal, expiresAt: key.expiresAt };
    },
    "identities",
  );
  // Checked on every use, so a cached key still stops working the moment it expires.
  if (expiresAt && expiresAt.getTime() <= Date.now()) throw invalidKey();
  return principal;
}

/**
 * An IDE signed in through SpecHub's OAuth server. Tokens are cached like API keys: revoking a
 * grant or a token, or rotating a refresh token, empties the identities cache everywhere.
 */
async function identifyByAccessToken(deps: Deps, raw: string): Promise<Principal> {
  const hash = sha256Hex(raw);
  const { principal, expiresAt } = await cachedRead(
    deps.db,
    cacheKey("oauth-access-token", hash),
    async () => {
      const token = await findPresentedAccessToken(deps.db, hash);
      if (!token) throw invalidAccessToken();
      const user = await findUser(deps.db, token.userId);
      if (!user?.isActive) throw inactiveUser();
      noteGrantUse(deps.db, token.grantId).catch((error) =>
        deps.log.warn({ err: error }, "could not record OAuth grant use"),
      );
      const { grantId, clientId, scopes, resource } = token;
      const principal: Principal = {
        user: toAuthUser(user),
        via: "oauth",
        oauth: { grantId, clientId, scopes, resource },
      };
      return { principal, expiresAt: token.expiresAt };
    },
    "identities",
  );
  if (expiresAt.getTime() <= Date.now()) throw invalidAccessToken();
  return principal;
}

async function identifyBySession(deps: Deps, token: string, via: "jwt" | "cookie"): Promise<Principal> {
  const claims = await deps.tokens.verify(token);
  if (!claims) throw unauthorized("Invalid or expired token", "invalid_token");
  const user = await cachedRead(
    deps.db,
    cacheKey("user", claims.userId),
    async () => {
      const row = await findUser(deps.db, claims.userId);
      if (!row?.isActive) throw inactiveUser();
      return toAuthUser(row);
    },
    "identities",
  );
  if (user.sessionEpoch !== claims.sessionEpoch) throw sessionEnded();
  return { user, via };
}

/** The operator token acts as the organization's founding admin, so what it creates has an owner. */
async function identifyOperator(deps: Deps): Promise<Principal> {
  const admin = await findOperatorUser(deps.db);
  if (!admin) {
    throw unauthorized(
      "The operator token acts as the first admin, and none exists yet: register one with POST /api/v1/auth/register",
      "no_admin",
    );
  }
  return { user: toAuthUser(admin), via: "operator" };
}
