import { and, desc, eq, gt, inArray, isNotNull, isNull, lte, type SQL, sql } from "drizzle-orm";
import type { Db } from "../../db/client.js";
import { invitations, teams } from "../../db/schema.js";

export type InvitationRow = typeof invitations.$inferSelect;
export type NewInvitation = typeof invitations.$inferInsert;

export const INVITATION_STATUSES = ["pending", "accepted", "expired"] as const;
export type InvitationStatus = (typeof INVITATION_STATUSES)[number];

/** Namespace of the per-email advisory locks that serialise invitation creation. */
const INVITATION_EMAIL_LOCK = 742_031_003;

const pending = () => and(isNull(invitations.acceptedAt), gt(invitations.expiresAt, sql`now()`));

const statusCondition: Record<InvitationStatus, () => SQL | undefined> = {
  pending,
  accepted: () => isNotNull(invitations.acceptedAt),
  expired: () => and(isNull(invitations.acceptedAt), lte(invitations.expiresAt, sql`now()`)),
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

export async function deleteInvitation(db: Db, id: string): Promise<boolean> {
  const rows = await db.delete(invitations).where(eq(invitations.id, id)).returning({ id: invitations.id });
  return rows.length > 0;
}
