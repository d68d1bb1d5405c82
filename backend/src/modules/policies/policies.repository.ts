import { and, asc, desc, eq, inArray, type SQL } from "drizzle-orm";
import type { Db } from "../../db/client.js";
import { policies } from "../../db/schema.js";
import type { PolicyRow } from "../governance/governance.types.js";

export type NewPolicy = typeof policies.$inferInsert;
export type OwnerFilter = { teamId?: string; projectId?: string; userId?: string };

export async function findPolicyById(db: Db, id: string): Promise<PolicyRow | null> {
  const [row] = await db.select().from(policies).where(eq(policies.id, id));
  return row ?? null;
}

export async function findPoliciesByIds(db: Db, ids: string[]): Promise<PolicyRow[]> {
  if (ids.length === 0) return [];
  return db.select().from(policies).where(inArray(policies.id, ids));
}

/** The policy, locked until the transaction ends; null when it does not exist. */
export async function lockPolicy(db: Db, id: string): Promise<PolicyRow | null> {
  const [row] = await db.select().from(policies).where(eq(policies.id, id)).for("update");
  return row ?? null;
}

/** Active and inactive alike, in the order they would apply: highest priority first, then oldest. */
export async function findPolicies(db: Db, filter: OwnerFilter): Promise<PolicyRow[]> {
  const conditions: SQL[] = [];
  if (filter.teamId) conditions.push(eq(policies.teamId, filter.teamId));
  if (filter.projectId) conditions.push(eq(policies.projectId, filter.projectId));
  if (filter.userId) conditions.push(eq(policies.userId, filter.userId));
  return db
    .select()
    .from(policies)
    .where(and(...conditions))
    .orderBy(desc(policies.priority), asc(policies.createdAt), asc(policies.id));
}

export async function createPolicy(db: Db, values: NewPolicy): Promise<PolicyRow> {
  const [row] = await db.insert(policies).values(values).returning();
  if (!row) throw new Error("insert returned no row");
  return row;
}

export async function updatePolicy(db: Db, id: string, values: Partial<NewPolicy>): Promise<PolicyRow | null> {
  const [row] = await db
    .update(policies)
    .set({ ...values, updatedAt: new Date() })
    .where(eq(policies.id, id))
    .returning();
  return row ?? null;
}

export async function deletePolicy(db: Db, id: string): Promise<void> {
  await db.delete(policies).where(eq(policies.id, id));
}
