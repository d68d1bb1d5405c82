import type { Db } from "../../db/client.js";
import { markChanged } from "../../db/read-cache.js";
import type { OAuthScope } from "../../db/schema.js";
import { forbidden, notFound } from "../../http/errors.js";
import type { Principal } from "../../http/types.js";
import { randomToken, sha256Hex } from "../../lib/crypto.js";
import { assertOwnerOrAdmin, requireUser } from "../access/access.service.js";
import { recordAudit } from "../audit/audit.recorder.js";
import { findUser } from "../users/user-lookup.service.js";
import {
  approveRequest,
  deleteGrant,
  deleteRequest,
  findClient,
  findGrant,
  findGrantOf,
  findGrantsOfUser,
  findPendingRequest,
  type GrantWithClient,
  type OAuthClientRow,
  upsertGrant,
} from "./oauth.repository.js";
import { redirectWith } from "./redirects.js";
import { issuerOfResource } from "./resources.js";
import { isSubset } from "./scopes.js";

/** How long a client has to trade its code for tokens once the user approved. */
const CODE_LIFETIME_MS = 5 * 60 * 1000;

export type ConsentRequest = {
  id: string;
  client: OAuthClientRow;
  redirectUri: string;
  scopes: OAuthScope[];
  resource: string;
  expiresAt: Date;
  previouslyApproved: boolean;
};

export type GrantListing = GrantWithClient;

const requestNotFound = () =>
  notFound("No authorization request waits with this id: it expired or was decided already", "oauth_request_not_found");

/**
 * Consent is given by a person at the web UI, never by a program holding a key or a token:
 * otherwise anything with a credential could connect apps in its owner's name.
 */
function requireSession(principal: Principal | null): Principal {
  const caller = requireUser(principal);
  if (caller.via !== "cookie" && caller.via !== "jwt") {
    throw forbidden("Only a signed-in person may answer an authorization request, not an API key", "session_required");
  }
  return caller;
}

async function pendingRequest(db: Db, id: string, options: { lock?: boolean } = {}) {
  const request = await findPendingRequest(db, id, options);
  if (!request) throw requestNotFound();
  const client = await findClient(db, request.clientId);
  if (!client) throw requestNotFound();
  return { request, client };
}

/** An authorization request waiting for the caller's consent, as the consent page shows it. */
export async function getConsentRequest(db: Db, principal: Principal | null, id: string): Promise<ConsentRequest> {
  const caller = requireSession(principal);
  const { request, client } = await pendingRequest(db, id);
  const grant = await findGrantOf(db, caller.user.id, client.id);
  return {
    id: request.id,
    client,
    redirectUri: request.redirectUri,
    scopes: request.scopes,
    resource: request.resource,
    expiresAt: request.expiresAt,
    previouslyApproved: grant !== null && grant.resource === request.resource && isSubset(request.scopes, grant.scopes),
  };
}

const grantTarget = (grantId: string, client: Pick<OAuthClientRow, "id" | "clientName">) => ({
  type: "oauth_grant",
  id: grantId,
  name: client.clientName ?? client.id,
});

/**
 * The caller lets the client act for them with the requested scopes: the grant (one per user
 * and client) takes them, and the client gets a one-time code at its redirect URI.
 */
export async function approveConsentRequest(db: Db, principal: Principal | null, id: string): Promise<string> {
  const caller = requireSession(principal);
  const code = randomToken(32);
  const request = await db.transaction(async (tx) => {
    const { request, client } = await pendingRequest(tx, id, { lock: true });
    await approveRequest(tx, request.id, {
      userId: caller.user.id,
      codeHash: sha256Hex(code),
      codeExpiresAt: new Date(Date.now() + CODE_LIFETIME_MS),
    });
    const grant = await upsertGrant(tx, {
      userId: caller.user.id,
      clientId: client.id,
      scopes: request.scopes,
      resource: request.resource,
    });
    await recordAudit(tx, caller, {
      action: "oauth_grant.approved",
      target: grantTarget(grant.id, client),
      teamId: caller.user.teamId,
      after: { client_id: client.id, scopes: request.scopes, resource: request.resource },
    });
    return request;
  });
  return redirectWith(request.redirectUri, {
    code,
    state: request.state ?? undefined,
    iss: issuerOfResource(request.resource),
  });
}

/** The caller refuses: the request is dropped and the client told `access_denied`. */
export async function denyConsentRequest(db: Db, principal: Principal | null, id: string): Promise<string> {
  const caller = requireSession(principal);
  const request = await db.transaction(async (tx) => {
    const { request, client } = await pendingRequest(tx, id, { lock: true });
    await deleteRequest(tx, request.id);
    await recordAudit(tx, caller, {
      action: "oauth_request.denied",
      target: { type: "oauth_client", id: client.id, name: client.clientName ?? client.id },
      teamId: caller.user.teamId,
      before: { scopes: request.scopes, redirect_uri: request.redirectUri },
    });
    return request;
  });
  return redirectWith(request.redirectUri, {
    error: "access_denied",
    error_description: "The user declined to connect this application",
    state: request.state ?? undefined,
    iss: issuerOfResource(request.resource),
  });
}

/** The caller's connected apps, newest first. */
export async function listGrants(db: Db, principal: Principal | null): Promise<GrantListing[]> {
  const caller = requireUser(principal);
  return findGrantsOfUser(db, caller.user.id);
}

/**
 * Disconnects an app (its user, or an admin): the grant and every token of it end at once, on
 * every replica, since deleting them empties the identities caches.
 */
export async function revokeGrant(db: Db, principal: Principal | null, id: string): Promise<void> {
  const grant = await findGrant(db, id);
  if (!grant) throw notFound("Connected app not found", "oauth_grant_not_found");
  const caller = assertOwnerOrAdmin(principal, grant.userId, "connected app");
  const [client, owner] = await Promise.all([findClient(db, grant.clientId), findUser(db, grant.userId)]);
  await db.transaction(async (tx) => {
    if (!(await deleteGrant(tx, grant.id))) throw notFound("Connected app not found", "oauth_grant_not_found");
    await recordAudit(tx, caller, {
      action: "oauth_grant.revoked",
      target: grantTarget(grant.id, client ?? { id: grant.clientId, clientName: null }),
      teamId: owner?.teamId ?? null,
      before: { client_id: grant.clientId, scopes: grant.scopes, user_id: grant.userId },
    });
  });
  markChanged(db, "identities");
}
