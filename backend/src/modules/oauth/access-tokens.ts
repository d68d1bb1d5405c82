import type { Db } from "../../db/client.js";
import type { OAuthScope } from "../../db/schema.js";
import { findTokenByHash, touchGrant } from "./oauth.repository.js";

/** Access tokens start with this, so a bearer token is told apart from API keys (`pcp_…`) and sessions. */
export const ACCESS_TOKEN_PREFIX = "pcp_at_";
export const REFRESH_TOKEN_PREFIX = "pcp_rt_";

export type PresentedAccessToken = {
  grantId: string;
  clientId: string;
  userId: string;
  scopes: OAuthScope[];
  resource: string;
  expiresAt: Date;
};

/** The access token with this hash (authentication), expired or not; null when none has it. */
export async function findPresentedAccessToken(db: Db, tokenHash: string): Promise<PresentedAccessToken | null> {
  const token = await findTokenByHash(db, tokenHash);
  if (token?.kind !== "access") return null;
  const { grantId, clientId, userId, scopes, resource, expiresAt } = token;
  return { grantId, clientId, userId, scopes, resource, expiresAt };
}

/** Notes that a grant's token was used, at most once a minute per grant. */
export async function noteGrantUse(db: Db, grantId: string): Promise<void> {
  await touchGrant(db, grantId);
}
