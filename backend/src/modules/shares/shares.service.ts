import type { Db } from "../../db/client.js";
import { markChanged } from "../../db/read-cache.js";
import { notFound } from "../../http/errors.js";
import { getUser } from "../users/users.service.js";
import { createShare, deleteShare, findShare, findShares, type ShareKind, type ShareRow } from "./shares.repository.js";

/**
 * Shares a prompt or workflow with a user; sharing again returns the existing share. The caller
 * has already been checked as owner or admin of the target.
 */
export async function shareWithUser(db: Db, kind: ShareKind, targetId: string, userId: string): Promise<ShareRow> {
  const { share } = await addShare(db, kind, targetId, userId);
  markSharesChanged(db, kind);
  return share;
}

/**
 * The share with the user, created unless it existed (`created` says which), inside the caller's
 * transaction; the caller has checked the target is theirs to share and marks what changed.
 */
export async function addShare(
  tx: Db,
  kind: ShareKind,
  targetId: string,
  userId: string,
): Promise<{ share: ShareRow; created: boolean }> {
  await getUser(tx, userId);
  const existing = await findShare(tx, kind, targetId, userId);
  if (existing) return { share: existing, created: false };
  return { share: await createShare(tx, kind, targetId, userId), created: true };
}

/** Withdraws a share, or 404 when there is none. */
export async function unshareWithUser(db: Db, kind: ShareKind, targetId: string, userId: string): Promise<void> {
  await removeShare(db, kind, targetId, userId);
  markSharesChanged(db, kind);
}

/** Withdraws a share inside the caller's transaction, or 404 when there is none; the share it was. */
export async function removeShare(tx: Db, kind: ShareKind, targetId: string, userId: string): Promise<ShareRow> {
  const share = await findShare(tx, kind, targetId, userId);
  if (!share || !(await deleteShare(tx, kind, targetId, userId))) throw notFound("Share not found", "share_not_found");
  return share;
}

/** Who a prompt or workflow is shared with, oldest share first; the caller has checked who may ask. */
export async function listShares(db: Db, kind: ShareKind, targetId: string): Promise<ShareRow[]> {
  return findShares(db, kind, targetId);
}

/** Who may see a prompt is cached for expansions; nothing is cached about workflows. */
function markSharesChanged(db: Db, kind: ShareKind): void {
  if (kind === "prompt") markChanged(db, "prompt_shares");
}
