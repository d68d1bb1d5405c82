import type { Db } from "../../db/client.js";
import { markChanged } from "../../db/read-cache.js";
import { API_KEY_SCOPES } from "../../db/schema.js";
import { conflict, forbidden, notFound } from "../../http/errors.js";
import type { Principal } from "../../http/types.js";
import { randomToken, sha256Hex } from "../../lib/crypto.js";
import { assertCanGrantScopes, assertOwnerOrAdmin, assertSelfOrAdmin } from "../access/access.service.js";
import { auditedFields, recordAudit } from "../audit/audit.recorder.js";
import {
  type ApiKeyRow,
  createApiKey,
  deactivateApiKey,
  deactivateApiKeysOfUser,
  findApiKeyByHash,
  findApiKeyById,
  findApiKeysByUser,
  findKeyOwner,
  type KeyOwner,
  touchApiKey,
} from "./api-keys.repository.js";
import { type CreateApiKeyBody, toApiKeyResponse } from "./api-keys.schemas.js";

/** Every API key starts with this, so a bearer token is told apart from a session token. */
export const API_KEY_PREFIX = "pcp_";

/** How many leading characters of a raw key are kept in clear, so users can tell their keys apart. */
const VISIBLE_PREFIX_LENGTH = 12;

async function findOwner(db: Db, userId: string): Promise<KeyOwner> {
  const user = await findKeyOwner(db, userId);
  if (!user) throw notFound("User not found", "user_not_found");
  return user;
}

/** A key minted with an expiring key must not outlive it, or expiry could be sidestepped. */
async function assertWithinCallerKeyLifetime(db: Db, principal: Principal, expiresAt: Date | null): Promise<void> {
  if (!principal.apiKey) return;
  const callerKey = await findApiKeyById(db, principal.apiKey.id);
  if (!callerKey?.expiresAt) return;
  if (expiresAt === null || expiresAt > callerKey.expiresAt) {
    throw forbidden(
      `A key created with an expiring API key must expire no later than it (${callerKey.expiresAt.toISOString()})`,
      "key_outlives_caller_key",
    );
  }
}

const keyTarget = (key: ApiKeyRow) => ({ type: "api_key", id: key.id, name: key.name });
// What the list shows, without the moment of last use, which is no change anyone made.
const keyFields = (key: ApiKeyRow) => {
  const { last_used_at: _used, ...fields } = auditedFields(toApiKeyResponse(key));
  return fields;
};

/** Mints a key for the user (themself or, for admins, anyone); the raw key is returned only here. */
export async function createApiKeyFor(
  db: Db,
  principal: Principal | null,
  userId: string,
  body: CreateApiKeyBody,
): Promise<{ key: ApiKeyRow; rawKey: string }> {
  const caller = assertSelfOrAdmin(principal, userId);
  const scopes = API_KEY_SCOPES.filter((scope) => body.scopes.includes(scope));
  assertCanGrantScopes(caller, scopes);
  const expiresAt = body.expires_at ? new Date(body.expires_at) : null;
  await assertWithinCallerKeyLifetime(db, caller, expiresAt);
  const owner = await findOwner(db, userId);
  if (!owner.isActive) throw conflict(`User '${owner.username}' is deactivated`, "user_inactive");

  const rawKey = `${API_KEY_PREFIX}${randomToken(32)}`;
  const key = await db.transaction(async (tx) => {
    const key = await createApiKey(tx, {
      userId,
      name: body.name,
      prefix: rawKey.slice(0, VISIBLE_PREFIX_LENGTH),
      keyHash: sha256Hex(rawKey),
      scopes,
      expiresAt,
    });
    await recordAudit(tx, caller, {
      action: "api_key.created",
      target: keyTarget(key),
      teamId: owner.teamId,
      after: keyFields(key),
    });
    return key;
  });
  return { key, rawKey };
}

/** Every key of the user, newest first, revoked and expired ones included. */
export async function listApiKeysOf(db: Db, principal: Principal | null, userId: string): Promise<ApiKeyRow[]> {
  assertSelfOrAdmin(principal, userId);
  await findOwner(db, userId);
  return findApiKeysByUser(db, userId);
}

/** Revocation is permanent and idempotent. */
export async function revokeApiKey(db: Db, principal: Principal | null, keyId: string): Promise<void> {
  const key = await findApiKeyById(db, keyId);
  if (!key) throw notFound("API key not found", "api_key_not_found");
  const caller = assertOwnerOrAdmin(principal, key.userId, "API key");
  if (!key.isActive) return;
  const owner = await findOwner(db, key.userId);
  await db.transaction(async (tx) => {
    await deactivateApiKey(tx, key.id);
    await recordAudit(tx, caller, {
      action: "api_key.revoked",
      target: keyTarget(key),
      teamId: owner.teamId,
      before: { is_active: true },
      after: { is_active: false },
    });
  });
  markChanged(db, "identities");
}

/**
 * Revokes every key of a user being deactivated, inside the caller's transaction (the user's
 * own event says so); how many were still active.
 */
export async function revokeAllApiKeysOf(tx: Db, userId: string): Promise<number> {
  return deactivateApiKeysOfUser(tx, userId);
}

/** The key a caller presented, by its hash (authentication); null when no key has it. */
export async function findPresentedApiKey(db: Db, keyHash: string): Promise<ApiKeyRow | null> {
  return findApiKeyByHash(db, keyHash);
}

/** Notes a key's use, at most once a minute per key. */
export async function noteApiKeyUse(db: Db, keyId: string): Promise<void> {
  await touchApiKey(db, keyId);
}
