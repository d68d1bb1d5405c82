import { and, asc, count, eq, gte, ilike, inArray, or, type SQL, sql } from "drizzle-orm";
import type { Db } from "../../db/client.js";
import { users, userTeams } from "../../db/schema.js";
import type { NewUser, UserRow } from "./users.types.js";

export async function findUserById(db: Db, id: string): Promise<UserRow | null> {
  const [row] = await db.select().from(users).where(eq(users.id, id));
  return row ?? null;
}

/** Login accepts an email or a username; emails are stored lower-cased. */
export async function findUserByLogin(db: Db, login: string): Promise<UserRow | null> {
  const value = login.trim();
  const [row] = await db
    .select()
    .from(users)
    .where(or(eq(users.email, value.toLowerCase()), eq(users.username, value)))
    .limit(1);
  return row ?? null;
}

export async function findUserByUsername(db: Db, username: string): Promise<UserRow | null> {
  const [row] = await db.select().from(users).where(eq(users.username, username));
  return row ?? null;
}

export async function findUserByEmail(db: Db, email: string): Promise<UserRow | null> {
  const [row] = await db.select().from(users).where(eq(users.email, email.toLowerCase()));
  return row ?? null;
}

/** The user who signs in with this identity provider account, or null. */
export async function findUserByExternalIdentity(db: Db, issuer: string, subject: string): Promise<UserRow | null> {
  const [row] = await db
    .select()
    .from(users)
    .where(and(eq(users.externalIssuer, issuer), eq(users.externalSubject, subject)));
  return row ?? null;
}

/** The earliest active admin: who the operator token acts as. */
export async function findFoundingAdmin(db: Db): Promise<UserRow | null> {
  const [row] = await db
    .select()
    .from(users)
    .where(and(eq(users.role, "admin"), eq(users.isActive, true)))
    .orderBy(asc(users.createdAt), asc(users.id))
    .limit(1);
  return row ?? null;
}

export async function countUsers(db: Db): Promise<number> {
  const [row] = await db.select({ n: count() }).from(users);
  return row?.n ?? 0;
}

/**
 * Locks the rows of all active admins until the transaction ends and returns their ids, so two
 * concurrent demotions cannot both see "another admin remains".
 */
export async function lockActiveAdminIds(db: Db): Promise<string[]> {
  const rows = await db
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.role, "admin"), eq(users.isActive, true)))
    .for("update");
  return rows.map((row) => row.id);
}

export type UserFilter = { teamId?: string; q?: string; isActive?: boolean };

function userConditions(filter: UserFilter): SQL | undefined {
  const conditions: SQL[] = [];
  if (filter.teamId) {
    // Members of the team, whether it is their primary team or another of theirs.
    conditions.push(
      sql`exists (select 1 from ${userTeams} where ${userTeams.userId} = ${users.id} and ${userTeams.teamId} = ${filter.teamId})`,
    );
  }
  if (filter.isActive !== undefined) conditions.push(eq(users.isActive, filter.isActive));
  if (filter.q) {
    const pattern = `%${filter.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    const match = or(ilike(users.username, pattern), ilike(users.displayName, pattern), ilike(users.email, pattern));
    if (match) conditions.push(match);
  }
  return conditions.length ? and(...conditions) : undefined;
}

export async function findUsers(
  db: Db,
  filter: UserFilter,
  page: { limit: number; offset: number },
): Promise<{ rows: UserRow[]; total: number }> {
  const where = userConditions(filter);
  const [rows, totals] = await Promise.all([
    db.select().from(users).where(where).orderBy(asc(users.username)).limit(page.limit).offset(page.offset),
    db.select({ n: count() }).from(users).where(where),
  ]);
  return { rows, total: totals[0]?.n ?? 0 };
}

export async function createUser(db: Db, values: NewUser): Promise<UserRow> {
  const [row] = await db.insert(users).values(values).returning();
  if (!row) throw new Error("insert returned no row");
  return row;
}

export async function updateUser(db: Db, id: string, values: Partial<NewUser>): Promise<UserRow | null> {
  const [row] = await db
    .update(users)
    .set({ ...values, updatedAt: new Date() })
    .where(eq(users.id, id))
    .returning();
  return row ?? null;
}

/** Moves the user's session epoch on, so that every session token signed before stops working. */
export async function endUserSessions(db: Db, id: string): Promise<UserRow | null> {
  const [row] = await db
    .update(users)
    .set({ sessionEpoch: sql`${users.sessionEpoch} + 1` })
    .where(eq(users.id, id))
    .returning();
  return row ?? null;
}

/** Each user's teams, primary first; users without rows (unknown ids) are left out of the map. */
export async function findTeamIdsOfUsers(db: Db, userIds: string[]): Promise<Map<string, string[]>> {
  const result = new Map<string, string[]>();
  if (userIds.length === 0) return result;
  const rows = await db
    .select({ userId: userTeams.userId, teamId: userTeams.teamId })
    .from(userTeams)
    .where(inArray(userTeams.userId, userIds))
    .orderBy(asc(userTeams.userId), asc(userTeams.position));
  for (const row of rows) result.set(row.userId, [...(result.get(row.userId) ?? []), row.teamId]);
  return result;
}

/** One user's teams, primary first (empty for an unknown user). */
export async function findUserTeamIds(db: Db, userId: string): Promise<string[]> {
  return (await findTeamIdsOfUsers(db, [userId])).get(userId) ?? [];
}

/**
 * Makes `teamIds` the user's teams in this order. The primary team goes through `users.team_id`
 * (whose trigger keeps it at position 0); the others are rewritten at positions 1, 2, ...
 */
export async function replaceUserTeams(db: Db, userId: string, teamIds: string[]): Promise<void> {
  const [primary, ...others] = teamIds;
  if (!primary) throw new Error("a user needs a primary team");
  await db.delete(userTeams).where(and(eq(userTeams.userId, userId), gte(userTeams.position, 1)));
  await db.update(users).set({ teamId: primary, updatedAt: new Date() }).where(eq(users.id, userId));
  if (others.length > 0) {
    await db.insert(userTeams).values(others.map((teamId, index) => ({ userId, teamId, position: index + 1 })));
  }
}
