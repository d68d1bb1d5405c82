import { and, desc, eq, gt, inArray, isNotNull, isNull, lte, type SQL, sql } from "drizzle-orm";
import type { Db } from "../../db/client.js";
import { invitations, teams } from "../../db/schema.js";

export type InvitationRow = typeof invitations.$inferSelect;
export type NewInvitation = typeof invitations.$inferInsert;

export const INVITATION_STATUSES = ["pending", "accepted", "revoked", "expired"] as const;
export type InvitationStatus = (typeof INVITATION_STATUSES)[number];

/** Namespace of the per-email advisory locks that serialise invitation creation. */
const INVITATION_EMAIL_LOCK = 742_031_003;

// Each invitation has exactly one status: accepted, else revoked, else expired, else pending.
const open = () => and(isNull(invitations.acceptedAt), isNull(invitations.revokedAt));
const pending = () => and(open(), gt(invitations.expiresAt, sql`now()`));

const statusCondition: Record<InvitationStatus, () => SQL | undefined> = {
  pending,
  accepted: () => isNotNull(invitations.acceptedAt),
  revoked: () => and(isNull(invitations.acceptedAt), isNotNull(invitations.revokedAt)),
  expired: () => and(open(), lte(invitations.expiresAt, sql`now()`)),
};

export async function findInvitationById(db: Db, id: string): Promise<InvitationRow | null> {
  const [row] = await db.select().from(invitations).where(eq(invitations.id, id));
  return row ?? null;
}

export async function findInvitationWithTeamByTokenHash(
  db: Db,
  tokenHash: string,
): Promise<{ invitation: InvitationRow; teamName: string } | null> {
  const [row] = await db
    .select({ invitation: invitations, teamName: teams.name })
    .from(invitations)
    .innerJoin(teams, eq(teams.id, invitations.teamId))
    .where(eq(invitations.tokenHash, tokenHash));
  return row ?? null;
}

export async function findPendingInvitationByEmail(db: Db, email: string): Promise<InvitationRow | null> {
  const [row] = await db
    .select()
    .from(invitations)
    .where(and(eq(invitations.email, email), pending()))
    .limit(1);
  return row ?? null;
}

export type InvitationFilter = { teamIds?: string[]; status?: InvitationStatus };

/** Newest first. `teamIds` limits the list to those teams; omitted means every team. */
export async function findInvitations(db: Db, filter: InvitationFilter): Promise<InvitationRow[]> {
  const conditions: (SQL | undefined)[] = [];
  if (filter.teamIds) conditions.push(inArray(invitations.teamId, filter.teamIds));
  if (filter.status) conditions.push(statusCondition[filter.status]());
  return db
    .select()
    .from(invitations)
    .where(and(...conditions))
    .orderBy(desc(invitations.createdAt), desc(invitations.id));
}

/** Holds, until the transaction ends, a lock that two invitations for one email cannot both take. */
export async function lockInvitationEmail(db: Db, email: string): Promise<void> {
  await db.execute(sql`select pg_advisory_xact_lock(${INVITATION_EMAIL_LOCK}, hashtext(${email}))`);
}

export async function createInvitation(db: Db, values: NewInvitation): Promise<InvitationRow> {
  const [row] = await db.insert(invitations).values(values).returning();
  if (!row) throw new Error("insert returned no row");
  return row;
}

/**
 * Marks a pending invitation accepted and returns it; null when the token is unknown, used or
 * expired. The condition is re-checked under the row lock, so of two concurrent calls only one wins.
 */
export async function markInvitationAccepted(db: Db, tokenHash: string): Promise<InvitationRow | null> {
  const [row] = await db
    .update(invitations)
    .set({ acceptedAt: sql`now()` })
    .where(and(eq(invitations.tokenHash, tokenHash), pending()))
    .returning();
  return row ?? null;
}

/** Marks the pending invitation for this email accepted and returns it; null when there is none. */
export async function markInvitationAcceptedForEmail(db: Db, email: string): Promise<InvitationRow | null> {
  const [row] = await db
    .update(invitations)
    .set({ acceptedAt: sql`now()` })
    .where(and(eq(invitations.email, email), pending()))
    .returning();
  return row ?? null;
}

/** Marks an unused, unrevoked invitation revoked and returns it; null when it is used or revoked already. */
export async function markInvitationRevoked(db: Db, id: string): Promise<InvitationRow | null> {
  const [row] = await db
    .update(invitations)
    .set({ revokedAt: sql`now()` })
    .where(and(eq(invitations.id, id), open()))
    .returning();
  return row ?? null;
}

/**
 * Gives a pending invitation a new token hash and expiry and returns it; null when it is no longer
 * pending (checked under the row lock). The old hash is gone, so the old link stops working at once.
 */
export async function replaceInvitationToken(
  db: Db,
  id: string,
  values: { tokenHash: string; expiresAt: Date },
): Promise<InvitationRow | null> {
  const [row] = await db
    .update(invitations)
    .set(values)
    .where(and(eq(invitations.id, id), pending()))
    .returning();
  return row ?? null;
}

/** The names of these teams by id; teams deleted since are absent. */
export async function findTeamNames(db: Db, teamIds: string[]): Promise<Map<string, string>> {
  if (teamIds.length === 0) return new Map();
  const rows = await db.select({ id: teams.id, name: teams.name }).from(teams).where(inArray(teams.id, teamIds));
  return new Map(rows.map((row) => [row.id, row.name]));
}
