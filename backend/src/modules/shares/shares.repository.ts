import { and, asc, eq, type SQL } from "drizzle-orm";
import type { Db } from "../../db/client.js";
import { promptShares, teams, users, workflowShares } from "../../db/schema.js";

/** Prompts and workflows are shared the same way; each has its own table of shares. */
const SHARE_TABLES = {
  prompt: { table: promptShares, target: promptShares.promptId },
  workflow: { table: workflowShares, target: workflowShares.workflowId },
} as const;

export type ShareKind = keyof typeof SHARE_TABLES;

/** Who a share is with: one user, or every member of a team (and of the teams below it, when asked). */
export type Grantee = { kind: "user"; userId: string } | { kind: "team"; teamId: string; includeSubteams: boolean };

/** A share as listed: exactly one of the user fields or the team fields is set. */
export type ShareRow = {
  id: string;
  userId: string | null;
  username: string | null;
  displayName: string | null;
  teamId: string | null;
  teamName: string | null;
  teamSlug: string | null;
  includeSubteams: boolean;
  createdAt: Date;
};

function selectShares(db: Db, kind: ShareKind) {
  const { table } = SHARE_TABLES[kind];
  return db
    .select({
      id: table.id,
      userId: table.userId,
      username: users.username,
      displayName: users.displayName,
      teamId: table.teamId,
      teamName: teams.name,
      teamSlug: teams.slug,
      includeSubteams: table.includeSubteams,
      createdAt: table.createdAt,
    })
    .from(table)
    .leftJoin(users, eq(users.id, table.userId))
    .leftJoin(teams, eq(teams.id, table.teamId));
}

/** The condition picking the target's share with the grantee (one row at most, by the unique indexes). */
function granteeCondition(kind: ShareKind, targetId: string, grantee: Grantee): SQL | undefined {
  const { table, target } = SHARE_TABLES[kind];
  return and(
    eq(target, targetId),
    grantee.kind === "user" ? eq(table.userId, grantee.userId) : eq(table.teamId, grantee.teamId),
  );
}

/** Who a prompt or workflow is shared with, oldest share first. */
export async function findShares(db: Db, kind: ShareKind, targetId: string): Promise<ShareRow[]> {
  const { table, target } = SHARE_TABLES[kind];
  return selectShares(db, kind).where(eq(target, targetId)).orderBy(asc(table.createdAt), asc(table.id));
}

/** The target's share with the user or team, or null. */
export async function findShare(db: Db, kind: ShareKind, targetId: string, grantee: Grantee): Promise<ShareRow | null> {
  const [row] = await selectShares(db, kind).where(granteeCondition(kind, targetId, grantee));
  return row ?? null;
}

/** Shares with the user or team unless already shared; either way returns the one share. */
export async function createShare(db: Db, kind: ShareKind, targetId: string, grantee: Grantee): Promise<ShareRow> {
  const to =
    grantee.kind === "user"
      ? { userId: grantee.userId }
      : { teamId: grantee.teamId, includeSubteams: grantee.includeSubteams };
  const insert =
    kind === "prompt"
      ? db.insert(promptShares).values({ promptId: targetId, ...to })
      : db.insert(workflowShares).values({ workflowId: targetId, ...to });
  await insert.onConflictDoNothing();
  const row = await findShare(db, kind, targetId, grantee);
  if (!row) throw new Error(`${kind} share vanished after insert`);
  return row;
}

/** Changes whether a team share reaches the teams below the team too. */
export async function updateShareSubteams(
  db: Db,
  kind: ShareKind,
  shareId: string,
  includeSubteams: boolean,
): Promise<void> {
  const { table } = SHARE_TABLES[kind];
  await db.update(table).set({ includeSubteams }).where(eq(table.id, shareId));
}

/** False when there was no such share. */
export async function deleteShare(db: Db, kind: ShareKind, targetId: string, grantee: Grantee): Promise<boolean> {
  const { table } = SHARE_TABLES[kind];
  const rows = await db
    .delete(table)
    .where(granteeCondition(kind, targetId, grantee))
    .returning({ id: table.id });
  return rows.length > 0;
}
