import { and, asc, eq, inArray, type SQL } from "drizzle-orm";
import type { Db } from "../../db/client.js";
import { objectives } from "../../db/schema.js";
import type { ObjectiveRow } from "../governance/governance.types.js";

export type NewObjective = typeof objectives.$inferInsert;
export type ObjectiveFilter = { teamId?: string; projectId?: string; userId?: string; status?: string };

export async function findObjectiveById(db: Db, id: string): Promise<ObjectiveRow | null> {
  const [row] = await db.select().from(objectives).where(eq(objectives.id, id));
  return row ?? null;
}

export async function findObjectivesByIds(db: Db, ids: string[]): Promise<ObjectiveRow[]> {
  if (ids.length === 0) return [];
  return db.select().from(objectives).where(inArray(objectives.id, ids));
}

/** The objective, locked until the transaction ends; null when it does not exist. */
export async function lockObjective(db: Db, id: string): Promise<ObjectiveRow | null> {
  const [row] = await db.select().from(objectives).where(eq(objectives.id, id)).for("update");
  return row ?? null;
}

/** Oldest first. */
export async function findObjectives(db: Db, filter: ObjectiveFilter): Promise<ObjectiveRow[]> {
  const conditions: SQL[] = [];
  if (filter.teamId) conditions.push(eq(objectives.teamId, filter.teamId));
  if (filter.projectId) conditions.push(eq(objectives.projectId, filter.projectId));
  if (filter.userId) conditions.push(eq(objectives.userId, filter.userId));
  if (filter.status) conditions.push(eq(objectives.status, filter.status));
  return db
    .select()
    .from(objectives)
    .where(and(...conditions))
    .orderBy(asc(objectives.createdAt), asc(objectives.id));
}

export async function createObjective(db: Db, values: NewObjective): Promise<ObjectiveRow> {
  const [row] = await db.insert(objectives).values(values).returning();
  if (!row) throw new Error("insert returned no row");
  return row;
}

export async function updateObjective(db: Db, id: string, values: Partial<NewObjective>): Promise<ObjectiveRow | null> {
  const [row] = await db
    .update(objectives)
    .set({ ...values, updatedAt: new Date() })
    .where(eq(objectives.id, id))
    .returning();
  return row ?? null;
}

export async function deleteObjective(db: Db, id: string): Promise<void> {
  await db.delete(objectives).where(eq(objectives.id, id));
}
