import { and, asc, eq } from "drizzle-orm";
import type { Db } from "../../db/client.js";
import { promptShares, users, workflowShares } from "../../db/schema.js";

/** Prompts and workflows are shared the same way; each has its own table of shares. */
const SHARE_TABLES = {
  prompt: { table: promptShares, target: promptShares.promptId },
  workflow: { table: workflowShares, target: workflowShares.workflowId },
} as const;

export type ShareKind = keyof typeof SHARE_TABLES;

export type ShareRow = { id: string; userId: string; username: string; displayName: string | null; createdAt: Date };

function columnsOf(kind: ShareKind) {
  const { table } = SHARE_TABLES[kind];
  return {
    id: table.id,
    userId: table.userId,
    username: users.username,
    displayName: users.displayName,
    createdAt: table.createdAt,
  };
}

function selectShares(db: Db, kind: ShareKind) {
  const { table } = SHARE_TABLES[kind];
  return db.select(columnsOf(kind)).from(table).innerJoin(users, eq(users.id, table.userId));
}

/** Who a prompt or workflow is shared with, oldest share first. */
export async function findShares(db: Db, kind: ShareKind, targetId: string): Promise<ShareRow[]> {
  const { table, target } = SHARE_TABLES[kind];
  return selectShares(db, kind).where(eq(target, targetId)).orderBy(asc(table.createdAt), asc(table.id));
}

/** The target's share with the user, or null. */
export async function findShare(db: Db, kind: ShareKind, targetId: string, userId: string): Promise<ShareRow | null> {
  const { table, target } = SHARE_TABLES[kind];
  const [row] = await selectShares(db, kind).where(and(eq(target, targetId), eq(table.userId, userId)));
  return row ?? null;
}

/** Shares with the user unless already shared; either way returns the one share. */
export async function createShare(db: Db, kind: ShareKind, targetId: string, userId: string): Promise<ShareRow> {
  const { table, target } = SHARE_TABLES[kind];
  const insert =
    kind === "prompt"
      ? db.insert(promptShares).values({ promptId: targetId, userId })
      : db.insert(workflowShares).values({ workflowId: targetId, userId });
  await insert.onConflictDoNothing();
  const [row] = await selectShares(db, kind).where(and(eq(target, targetId), eq(table.userId, userId)));
  if (!row) throw new Error(`${kind} share vanished after insert`);
  return row;
}

/** False when there was no such share. */
export async function deleteShare(db: Db, kind: ShareKind, targetId: string, userId: string): Promise<boolean> {
  const { table, target } = SHARE_TABLES[kind];
  const rows = await db
    .delete(table)
    .where(and(eq(target, targetId), eq(table.userId, userId)))
    .returning({ id: table.id });
  return rows.length > 0;
}
