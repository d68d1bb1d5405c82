import { and, desc, eq, inArray, isNull, lt, or, sql } from "drizzle-orm";
import type { Db } from "../../db/client.js";
import {
  type OAuthScope,
  oauthAuthorizationRequests,
  oauthClients,
  oauthGrants,
  oauthTokens,
} from "../../db/schema.js";

export type OAuthClientRow = typeof oauthClients.$inferSelect;
export type NewOAuthClient = typeof oauthClients.$inferInsert;
export type AuthorizationRequestRow = typeof oauthAuthorizationRequests.$inferSelect;
export type NewAuthorizationRequest = typeof oauthAuthorizationRequests.$inferInsert;
export type OAuthGrantRow = typeof oauthGrants.$inferSelect;
export type OAuthTokenRow = typeof oauthTokens.$inferSelect;
export type NewOAuthToken = typeof oauthTokens.$inferInsert;

export async function insertClient(db: Db, values: NewOAuthClient): Promise<OAuthClientRow> {
  const [row] = await db.insert(oauthClients).values(values).returning();
  if (!row) throw new Error("insert returned no row");
  return row;
}

export async function findClient(db: Db, id: string): Promise<OAuthClientRow | null> {
  const [row] = await db.select().from(oauthClients).where(eq(oauthClients.id, id));
  return row ?? null;
}

/** Stores a freshly fetched metadata document's client, replacing what an earlier fetch stored. */
export async function saveMetadataDocumentClient(db: Db, values: NewOAuthClient): Promise<OAuthClientRow> {
  const { id: _id, createdAt: _created, ...changes } = values;
  const [row] = await db
    .insert(oauthClients)
    .values(values)
    .onConflictDoUpdate({ target: oauthClients.id, set: changes })
    .returning();
  if (!row) throw new Error("upsert returned no row");
  return row;
}

export async function insertAuthorizationRequest(
  db: Db,
  values: NewAuthorizationRequest,
): Promise<AuthorizationRequestRow> {
  const [row] = await db.insert(oauthAuthorizationRequests).values(values).returning();
  if (!row) throw new Error("insert returned no row");
  return row;
}

/** A request still waiting for the user's decision: not decided, not expired. */
export async function findPendingRequest(
  db: Db,
  id: string,
  options: { lock?: boolean } = {},
): Promise<AuthorizationRequestRow | null> {
  const query = db
    .select()
    .from(oauthAuthorizationRequests)
    .where(
      and(
        eq(oauthAuthorizationRequests.id, id),
        isNull(oauthAuthorizationRequests.userId),
        sql`${oauthAuthorizationRequests.expiresAt} > now()`,
      ),
    );
  const [row] = options.lock ? await query.for("update") : await query;
  return row ?? null;
}

export async function findRequestByCodeHash(db: Db, codeHash: string): Promise<AuthorizationRequestRow | null> {
  const [row] = await db
    .select()
    .from(oauthAuthorizationRequests)
    .where(eq(oauthAuthorizationRequests.codeHash, codeHash));
  return row ?? null;
}

export async function approveRequest(
  db: Db,
  id: string,
  values: { userId: string; codeHash: string; codeExpiresAt: Date },
): Promise<void> {
  await db
    .update(oauthAuthorizationRequests)
    .set({ userId: values.userId, codeHash: values.codeHash, expiresAt: values.codeExpiresAt })
    .where(eq(oauthAuthorizationRequests.id, id));
}

export async function deleteRequest(db: Db, id: string): Promise<void> {
  await db.delete(oauthAuthorizationRequests).where(eq(oauthAuthorizationRequests.id, id));
}

/** Marks a code as traded for tokens; false when it already was (a second attempt, or a race lost). */
export async function markCodeRedeemed(db: Db, id: string): Promise<boolean> {
  const rows = await db
    .update(oauthAuthorizationRequests)
    .set({ redeemedAt: sql`now()` })
    .where(and(eq(oauthAuthorizationRequests.id, id), isNull(oauthAuthorizationRequests.redeemedAt)))
    .returning({ id: oauthAuthorizationRequests.id });
  return rows.length > 0;
}

/** The user's one grant to a client, created or given the newly consented scopes. */
export async function upsertGrant(
  db: Db,
  values: { userId: string; clientId: string; scopes: OAuthScope[]; resource: string },
): Promise<OAuthGrantRow> {
  const [row] = await db
    .insert(oauthGrants)
    .values(values)
    .onConflictDoUpdate({
      target: [oauthGrants.userId, oauthGrants.clientId],
      set: { scopes: values.scopes, resource: values.resource },
    })
    .returning();
  if (!row) throw new Error("upsert returned no row");
  return row;
}

export async function findGrant(db: Db, id: string): Promise<OAuthGrantRow | null> {
  const [row] = await db.select().from(oauthGrants).where(eq(oauthGrants.id, id));
  return row ?? null;
}

export async function findGrantOf(db: Db, userId: string, clientId: string): Promise<OAuthGrantRow | null> {
  const [row] = await db
    .select()
    .from(oauthGrants)
    .where(and(eq(oauthGrants.userId, userId), eq(oauthGrants.clientId, clientId)));
  return row ?? null;
}

export type GrantWithClient = OAuthGrantRow & {
  clientName: string | null;
  clientUri: string | null;
  logoUri: string | null;
};

export async function findGrantsOfUser(db: Db, userId: string): Promise<GrantWithClient[]> {
  return db
    .select({
      id: oauthGrants.id,
      userId: oauthGrants.userId,
      clientId: oauthGrants.clientId,
      scopes: oauthGrants.scopes,
      resource: oauthGrants.resource,
      createdAt: oauthGrants.createdAt,
      lastUsedAt: oauthGrants.lastUsedAt,
      clientName: oauthClients.clientName,
      clientUri: oauthClients.clientUri,
      logoUri: oauthClients.logoUri,
    })
    .from(oauthGrants)
    .innerJoin(oauthClients, eq(oauthClients.id, oauthGrants.clientId))
    .where(eq(oauthGrants.userId, userId))
    .orderBy(desc(oauthGrants.createdAt), desc(oauthGrants.id));
}

/** Removes a grant; its tokens go with it (cascade). */
export async function deleteGrant(db: Db, id: string): Promise<boolean> {
  const rows = await db.delete(oauthGrants).where(eq(oauthGrants.id, id)).returning({ id: oauthGrants.id });
  return rows.length > 0;
}

/** Notes a grant's use, at most once a minute: the "last used" of connected apps. */
export async function touchGrant(db: Db, id: string): Promise<void> {
  await db
    .update(oauthGrants)
    .set({ lastUsedAt: sql`now()` })
    .where(
      and(
        eq(oauthGrants.id, id),
        or(isNull(oauthGrants.lastUsedAt), lt(oauthGrants.lastUsedAt, sql`now() - interval '1 minute'`)),
      ),
    );
}

export async function insertTokens(db: Db, values: NewOAuthToken[]): Promise<void> {
  await db.insert(oauthTokens).values(values);
}

export type PresentedToken = OAuthTokenRow & { userId: string; clientId: string };

/** A token by its hash, with whose grant it is; expired ones too (the caller decides). */
export async function findTokenByHash(db: Db, tokenHash: string): Promise<PresentedToken | null> {
  const [row] = await db
    .select({
      id: oauthTokens.id,
      grantId: oauthTokens.grantId,
      kind: oauthTokens.kind,
      tokenHash: oauthTokens.tokenHash,
      scopes: oauthTokens.scopes,
      resource: oauthTokens.resource,
      expiresAt: oauthTokens.expiresAt,
      usedAt: oauthTokens.usedAt,
      createdAt: oauthTokens.createdAt,
      userId: oauthGrants.userId,
      clientId: oauthGrants.clientId,
    })
    .from(oauthTokens)
    .innerJoin(oauthGrants, eq(oauthGrants.id, oauthTokens.grantId))
    .where(eq(oauthTokens.tokenHash, tokenHash));
  return row ?? null;
}

/** Marks a refresh token as exchanged; false when it already was (reuse, or a race lost). */
export async function markRefreshTokenUsed(db: Db, id: string): Promise<boolean> {
  const rows = await db
    .update(oauthTokens)
    .set({ usedAt: sql`now()` })
    .where(and(eq(oauthTokens.id, id), isNull(oauthTokens.usedAt)))
    .returning({ id: oauthTokens.id });
  return rows.length > 0;
}

export async function deleteToken(db: Db, id: string): Promise<void> {
  await db.delete(oauthTokens).where(eq(oauthTokens.id, id));
}

export async function deleteTokensOfGrant(db: Db, grantId: string): Promise<number> {
  const rows = await db.delete(oauthTokens).where(eq(oauthTokens.grantId, grantId)).returning({ id: oauthTokens.id });
  return rows.length;
}

/** Up to `limit` authorization requests (and their codes) past their expiry; how many. */
export async function deleteExpiredRequests(db: Db, limit: number): Promise<number> {
  const expired = db
    .select({ id: oauthAuthorizationRequests.id })
    .from(oauthAuthorizationRequests)
    .where(lt(oauthAuthorizationRequests.expiresAt, sql`now()`))
    .limit(limit);
  const rows = await db
    .delete(oauthAuthorizationRequests)
    .where(inArray(oauthAuthorizationRequests.id, expired))
    .returning({ id: oauthAuthorizationRequests.id });
  return rows.length;
}

/** Up to `limit` access and refresh tokens past their expiry; how many. */
export async function deleteExpiredTokens(db: Db, limit: number): Promise<number> {
  const expired = db
    .select({ id: oauthTokens.id })
    .from(oauthTokens)
    .where(lt(oauthTokens.expiresAt, sql`now()`))
    .limit(limit);
  const rows = await db.delete(oauthTokens).where(inArray(oauthTokens.id, expired)).returning({ id: oauthTokens.id });
  return rows.length;
}
