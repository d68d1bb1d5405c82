import type { Db } from "../../db/client.js";
import { markChanged } from "../../db/read-cache.js";
import { API_KEY_SCOPES } from "../../db/schema.js";
import { conflict, forbidden, notFound } from "../../http/errors.js";
import type { Principal } from "../../http/types.js";
import { randomToken, sha256Hex } from "../../lib/crypto.js";
import { assertCanGrantScopes, assertOwnerOrAdmin, assertSelfOrAdmin } from "../access/access.service.js";
import { API_KEY_PREFIX } from "../auth/principal.js";
import { findUserById } from "../users/users.repository.js";
import {
  type ApiKeyRow,
  createApiKey,
  deactivateApiKey,
  findApiKeyById,
  findApiKeysByUser,
} from "./api-keys.repository.js";
import type { CreateApiKeyBody } from "./api-keys.schemas.js";

/** How many leading characters of a raw key are kept in clear, so users can tell their keys apart. */
const VISIBLE_PREFIX_LENGTH = 12;

async function findOwner(db: Db, userId: string) {
  const user = await findUserById(db, userId);
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
  const key = await createApiKey(db, {
    userId,
    name: body.name,
    prefix: rawKey.slice(0, VISIBLE_PREFIX_LENGTH),
    keyHash: sha256Hex(rawKey),
    scopes,
    expiresAt,
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
  assertOwnerOrAdmin(principal, key.userId, "API key");
  if (!key.isActive) return;
  await deactivateApiKey(db, key.id);
  markChanged(db, "identities");
}
