import { and, desc, eq, isNull, lt, or, sql } from "drizzle-orm";
import type { Db } from "../../db/client.js";
import { apiKeys, users } from "../../db/schema.js";

export type ApiKeyRow = typeof apiKeys.$inferSelect;
export type NewApiKey = typeof apiKeys.$inferInsert;

export async function findApiKeyByHash(db: Db, keyHash: string): Promise<ApiKeyRow | null> {
  const [row] = await db.select().from(apiKeys).where(eq(apiKeys.keyHash, keyHash));
  return row ?? null;
}

export async function findApiKeyById(db: Db, id: string): Promise<ApiKeyRow | null> {
  const [row] = await db.select().from(apiKeys).where(eq(apiKeys.id, id));
  return row ?? null;
}

export async function findApiKeysByUser(db: Db, userId: string): Promise<ApiKeyRow[]> {
  return db.select().from(apiKeys).where(eq(apiKeys.userId, userId)).orderBy(desc(apiKeys.createdAt), desc(apiKeys.id));
}

export async function createApiKey(db: Db, values: NewApiKey): Promise<ApiKeyRow> {
  const [row] = await db.insert(apiKeys).values(values).returning();
  if (!row) throw new Error("insert returned no row");
  return row;
}

export async function deactivateApiKey(db: Db, id: string): Promise<void> {
  await db.update(apiKeys).set({ isActive: false }).where(eq(apiKeys.id, id));
}

/** Revokes every active key of the user; how many there were. */
export async function deactivateApiKeysOfUser(db: Db, userId: string): Promise<number> {
  const rows = await db
    .update(apiKeys)
    .set({ isActive: false })
    .where(and(eq(apiKeys.userId, userId), eq(apiKeys.isActive, true)))
    .returning({ id: apiKeys.id });
  return rows.length;
}

export type KeyOwner = { id: string; username: string; teamId: string; isActive: boolean };

/** The user a key belongs (or would belong) to. */
export async function findKeyOwner(db: Db, userId: string): Promise<KeyOwner | null> {
  const [row] = await db
    .select({ id: users.id, username: users.username, teamId: users.teamId, isActive: users.isActive })
    .from(users)
    .where(eq(users.id, userId));
  return row ?? null;
}

/** Writes `last_used_at` at most once a minute per key, so authenticated traffic is not a write storm. */
export async function touchApiKey(db: Db, id: string): Promise<void> {
  await db
    .update(apiKeys)
    .set({ lastUsedAt: sql`now()` })
    .where(
      and(eq(apiKeys.id, id), or(isNull(apiKeys.lastUsedAt), lt(apiKeys.lastUsedAt, sql`now() - interval '1 minute'`))),
    );
}
