import { and, eq, gt, inArray, lt, sql } from "drizzle-orm";
import type { Db } from "../db/client.js";
import { mcpSessions } from "../db/schema.js";

export type McpSessionRow = typeof mcpSessions.$inferSelect;

/** Times come from the database clock, so replicas with drifting clocks agree on expiry. */
const secondsFromNow = (seconds: number) => sql`now() + ${seconds}::integer * interval '1 second'`;

export async function createMcpSession(
  db: Db,
  values: { id: string; userId: string | null; apiKeyId: string | null; idleSeconds: number },
): Promise<McpSessionRow> {
  const [row] = await db
    .insert(mcpSessions)
    .values({
      id: values.id,
      userId: values.userId,
      apiKeyId: values.apiKeyId,
      expiresAt: secondsFromNow(values.idleSeconds),
    })
    .returning();
  if (!row) throw new Error("insert into mcp_sessions returned no row");
  return row;
}

/**
 * A session that has not expired, and whether its last-seen time is older than `staleAfterSeconds`
 * (so the caller knows whether to extend it).
 */
export async function findLiveMcpSession(
  db: Db,
  id: string,
  staleAfterSeconds: number,
): Promise<{ session: McpSessionRow; stale: boolean } | null> {
  const [row] = await db
    .select({
      session: mcpSessions,
      stale: sql<boolean>`${mcpSessions.lastSeenAt} < now() - ${staleAfterSeconds}::integer * interval '1 second'`,
    })
    .from(mcpSessions)
    .where(and(eq(mcpSessions.id, id), gt(mcpSessions.expiresAt, sql`now()`)));
  return row ?? null;
}

/** Records activity and pushes expiry back; a no-op when another request already did so recently. */
export async function touchMcpSession(
  db: Db,
  id: string,
  idleSeconds: number,
  staleAfterSeconds: number,
): Promise<void> {
  await db
    .update(mcpSessions)
    .set({ lastSeenAt: sql`now()`, expiresAt: secondsFromNow(idleSeconds) })
    .where(
      and(
        eq(mcpSessions.id, id),
        lt(mcpSessions.lastSeenAt, sql`now() - ${staleAfterSeconds}::integer * interval '1 second'`),
      ),
    );
}

/**
 * Flips `context_delivered` from false to true. Only one of any number of concurrent callers,
 * on any replica, gets `true` back.
 */
export async function markMcpContextDelivered(db: Db, id: string): Promise<boolean> {
  const rows = await db
    .update(mcpSessions)
    .set({ contextDelivered: true })
    .where(and(eq(mcpSessions.id, id), eq(mcpSessions.contextDelivered, false)))
    .returning({ id: mcpSessions.id });
  return rows.length > 0;
}

export async function deleteMcpSession(db: Db, id: string): Promise<void> {
  await db.delete(mcpSessions).where(eq(mcpSessions.id, id));
}

/** Removes up to `limit` expired sessions; returns how many went. */
export async function deleteExpiredMcpSessions(db: Db, limit: number): Promise<number> {
  const expired = db
    .select({ id: mcpSessions.id })
    .from(mcpSessions)
    .where(lt(mcpSessions.expiresAt, sql`now()`))
    .limit(limit);
  const rows = await db.delete(mcpSessions).where(inArray(mcpSessions.id, expired)).returning({ id: mcpSessions.id });
  return rows.length;
}
