import { createHash } from "node:crypto";
import type { Config } from "../../config.js";
import type { Db } from "../../db/client.js";
import { markChanged } from "../../db/read-cache.js";
import type { OAuthScope } from "../../db/schema.js";
import type { Principal, RequestOrigin } from "../../http/types.js";
import { randomToken, safeEqual, sha256Hex } from "../../lib/crypto.js";
import { type AuditEntry, recordAudit } from "../audit/audit.recorder.js";
import { toAuthUser } from "../auth/principal.js";
import { findUser } from "../users/user-lookup.service.js";
import { ACCESS_TOKEN_PREFIX, REFRESH_TOKEN_PREFIX } from "./access-tokens.js";
import { authenticateClient } from "./clients.service.js";
import {
  deleteGrant,
  deleteToken,
  deleteTokensOfGrant,
  findGrantOf,
  findRequestByCodeHash,
  findTokenByHash,
  insertTokens,
  markCodeRedeemed,
  markRefreshTokenUsed,
  type OAuthClientRow,
  type PresentedToken,
} from "./oauth.repository.js";
import type { RevokeBody, TokenBody, TokenResponse } from "./oauth.schemas.js";
import { invalidGrant, invalidRequest, invalidScope, invalidTarget, OAuthError } from "./oauth-errors.js";
import { formatScopes, isSubset, parseScopes } from "./scopes.js";

const DAY_MS = 24 * 60 * 60 * 1000;
/** RFC 7636 §4.1: 43 to 128 unreserved characters. */
const CODE_VERIFIER = /^[A-Za-z0-9._~-]{43,128}$/;

export type TokenContext = {
  db: Db;
  config: Pick<Config, "oauth">;
  origin: RequestOrigin;
  /** The `Authorization` header, when the client authenticates over HTTP Basic. */
  authorization: string | undefined;
};

type Grantee = { grantId: string; userId: string; clientId: string; scopes: OAuthScope[]; resource: string };

/** The user a grant acts for, as the audit log names them; null once the user is gone. */
async function granteePrincipal(db: Db, grantee: Grantee, origin: RequestOrigin): Promise<Principal | null> {
  const user = await findUser(db, grantee.userId);
  if (!user) return null;
  const { grantId, clientId, scopes, resource } = grantee;
  return { user: toAuthUser(user), via: "oauth", oauth: { grantId, clientId, scopes, resource }, origin };
}

async function audit(db: Db, grantee: Grantee, origin: RequestOrigin, entry: Omit<AuditEntry, "target" | "teamId">) {
  const actor = await granteePrincipal(db, grantee, origin);
  await recordAudit(db, actor ?? { anonymous: true, origin }, {
    ...entry,
    target: { type: "oauth_grant", id: grantee.grantId, name: grantee.clientId },
    teamId: actor?.user.teamId ?? null,
  });
}

/** A new access token and refresh token for the grant, stored hashed. */
async function issueTokens(
  tx: Db,
  config: Pick<Config, "oauth">,
  grantee: Grantee,
  accessScopes: OAuthScope[],
): Promise<TokenResponse> {
  const access = `${ACCESS_TOKEN_PREFIX}${randomToken(32)}`;
  const refresh = `${REFRESH_TOKEN_PREFIX}${randomToken(32)}`;
  const now = Date.now();
  const { accessTokenTtlSeconds, refreshTokenTtlDays } = config.oauth;
  await insertTokens(tx, [
    {
      grantId: grantee.grantId,
      kind: "access",
      tokenHash: sha256Hex(access),
      scopes: accessScopes,
      resource: grantee.resource,
      expiresAt: new Date(now + accessTokenTtlSeconds * 1000),
    },
    {
      grantId: grantee.grantId,
      kind: "refresh",
      tokenHash: sha256Hex(refresh),
      scopes: grantee.scopes,
      resource: grantee.resource,
      expiresAt: new Date(now + refreshTokenTtlDays * DAY_MS),
    },
  ]);
  return {
    access_token: access,
    token_type: "Bearer",
    expires_in: accessTokenTtlSeconds,
    refresh_token: refresh,
    scope: formatScopes(accessScopes),
  };
}

const pkceMatches = (verifier: string, challenge: string) =>
  safeEqual(createHash("sha256").update(verifier).digest("base64url"), challenge);

/**
 * A code or refresh token presented a second time: only a copy in the wrong hands would be, so
 * everything issued under the grant ends (RFC 9700 §4.14.2). A reused refresh token ends the
 * grant itself: the user connects the app again.
 */
async function revokeAfterReuse(ctx: TokenContext, grantee: Grantee, what: "code" | "refresh_token") {
  await ctx.db.transaction(async (tx) => {
    if (what === "refresh_token") await deleteGrant(tx, grantee.grantId);
    else await deleteTokensOfGrant(tx, grantee.grantId);
    await audit(tx, grantee, ctx.origin, {
      action: "oauth_grant.reuse_detected",
      after: { presented_again: what === "code" ? "authorization code" : "refresh", grant_revoked: what !== "code" },
    });
  });
  markChanged(ctx.db, "identities");
}

function required(body: TokenBody, name: "code" | "redirect_uri" | "code_verifier" | "refresh_token"): string {
  const value = body[name];
  if (!value) throw invalidRequest(`${name} is required`);
  return value;
}

async function redeemCode(ctx: TokenContext, client: OAuthClientRow, body: TokenBody): Promise<TokenResponse> {
  const code = required(body, "code");
  const redirectUri = required(body, "redirect_uri");
  const verifier = required(body, "code_verifier");
  if (!CODE_VERIFIER.test(verifier)) throw invalidRequest("code_verifier must be 43-128 unreserved characters");
  const request = await findRequestByCodeHash(ctx.db, sha256Hex(code));
  if (!request?.userId || request.clientId !== client.id) throw invalidGrant("The code is invalid or expired");
  const grant = await findGrantOf(ctx.db, request.userId, client.id);
  if (!grant) throw invalidGrant("The code is invalid: the app was disconnected since");
  const grantee: Grantee = {
    grantId: grant.id,
    userId: request.userId,
    clientId: client.id,
    scopes: request.scopes,
    resource: request.resource,
  };
  if (request.redeemedAt) {
    await revokeAfterReuse(ctx, grantee, "code");
    throw invalidGrant("The code was used already; the tokens issued for it are revoked");
  }
  if (request.expiresAt.getTime() <= Date.now()) throw invalidGrant("The code is invalid or expired");
  if (request.redirectUri !== redirectUri) throw invalidGrant("redirect_uri is not the one the code was sent to");
  if (body.resource !== undefined && body.resource !== request.resource) {
    throw invalidTarget(`resource must be '${request.resource}', the one the user approved`);
  }
  if (!pkceMatches(verifier, request.codeChallenge))
    throw invalidGrant("code_verifier does not match the code_challenge");
  const issued = await ctx.db.transaction(async (tx) => {
    if (!(await markCodeRedeemed(tx, request.id))) return null;
    const tokens = await issueTokens(tx, ctx.config, grantee, request.scopes);
    await audit(tx, grantee, ctx.origin, {
      action: "oauth_grant.tokens_issued",
      after: { client_id: client.id, scopes: request.scopes },
    });
    return tokens;
  });
  if (issued) return issued;
  // Another request redeemed the code in the meantime: one of the two holds a stolen copy.
  await revokeAfterReuse(ctx, grantee, "code");
  throw invalidGrant("The code was used already; the tokens issued for it are revoked");
}

async function presentedRefreshToken(ctx: TokenContext, client: OAuthClientRow, raw: string): Promise<PresentedToken> {
  const token = await findTokenByHash(ctx.db, sha256Hex(raw));
  if (token?.kind !== "refresh" || token.clientId !== client.id) {
    throw invalidGrant("The refresh token is invalid or expired");
  }
  return token;
}

/** Trades a refresh token for a new pair (rotation); the old one is spent. */
async function refresh(ctx: TokenContext, client: OAuthClientRow, body: TokenBody): Promise<TokenResponse> {
  const token = await presentedRefreshToken(ctx, client, required(body, "refresh_token"));
  const grantee: Grantee = {
    grantId: token.grantId,
    userId: token.userId,
    clientId: client.id,
    scopes: token.scopes,
    resource: token.resource,
  };
  const reused = async () => {
    await revokeAfterReuse(ctx, grantee, "refresh_token");
    return invalidGrant("The refresh token was used already; the app's access is revoked: sign in again");
  };
  if (token.usedAt) throw await reused();
  if (token.expiresAt.getTime() <= Date.now()) throw invalidGrant("The refresh token is invalid or expired");
  let scopes = token.scopes;
  if (body.scope !== undefined) {
    const asked = parseScopes(body.scope);
    if (!asked || asked.length === 0 || !isSubset(asked, token.scopes)) {
      throw invalidScope(`scope must be a subset of '${formatScopes(token.scopes)}', the scopes granted`);
    }
    scopes = asked;
  }
  if (body.resource !== undefined && body.resource !== token.resource) {
    throw invalidTarget(`resource must be '${token.resource}', the one the user approved`);
  }
  const rotated = await ctx.db.transaction(async (tx) =>
    (await markRefreshTokenUsed(tx, token.id)) ? issueTokens(tx, ctx.config, grantee, scopes) : null,
  );
  if (!rotated) throw await reused();
  return rotated;
}

/** `POST /oauth/token`: the authorization code and refresh token grants. */
export async function exchangeToken(ctx: TokenContext, body: TokenBody): Promise<TokenResponse> {
  if (!body.grant_type) throw invalidRequest("grant_type is required");
  if (body.grant_type !== "authorization_code" && body.grant_type !== "refresh_token") {
    throw new OAuthError(400, "unsupported_grant_type", "grant_type must be 'authorization_code' or 'refresh_token'");
  }
  const client = await authenticateClient(ctx.db, ctx.config, {
    clientId: body.client_id,
    clientSecret: body.client_secret,
    authorization: ctx.authorization,
  });
  return body.grant_type === "authorization_code" ? redeemCode(ctx, client, body) : refresh(ctx, client, body);
}

/**
 * `POST /oauth/revoke` (RFC 7009): ends a token of the calling client. A refresh token takes
 * the grant's access tokens with it. Unknown tokens are no error: the outcome is the same.
 */
export async function revokeToken(ctx: TokenContext, body: RevokeBody): Promise<void> {
  const client = await authenticateClient(ctx.db, ctx.config, {
    clientId: body.client_id,
    clientSecret: body.client_secret,
    authorization: ctx.authorization,
  });
  if (!body.token) throw invalidRequest("token is required");
  const token = await findTokenByHash(ctx.db, sha256Hex(body.token));
  if (!token || token.clientId !== client.id) return;
  const grantee: Grantee = { ...token, clientId: client.id };
  await ctx.db.transaction(async (tx) => {
    if (token.kind === "refresh") await deleteTokensOfGrant(tx, token.grantId);
    else await deleteToken(tx, token.id);
    await audit(tx, { ...grantee, grantId: token.grantId }, ctx.origin, {
      action: "oauth_grant.token_revoked",
      after: { kind: token.kind },
    });
  });
  markChanged(ctx.db, "identities");
}
