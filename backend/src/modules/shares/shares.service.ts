import type { Db } from "../../db/client.js";
import { markChanged } from "../../db/read-cache.js";
import { notFound } from "../../http/errors.js";
import { findUserById } from "../users/users.repository.js";
import { createShare, deleteShare, type ShareKind, type ShareRow } from "./shares.repository.js";

/**
 * Shares a prompt or workflow with a user; sharing again returns the existing share. The caller
 * has already been checked as owner or admin of the target.
 */
export async function shareWithUser(db: Db, kind: ShareKind, targetId: string, userId: string): Promise<ShareRow> {
  if (!(await findUserById(db, userId))) throw notFound("User not found", "user_not_found");
  const share = await createShare(db, kind, targetId, userId);
  markSharesChanged(db, kind);
  return share;
}

/** Withdraws a share, or 404 when there is none. */
export async function unshareWithUser(db: Db, kind: ShareKind, targetId: string, userId: string): Promise<void> {
  if (!(await deleteShare(db, kind, targetId, userId))) throw notFound("Share not found", "share_not_found");
  markSharesChanged(db, kind);
}

/** Who may see a prompt is cached for expansions; nothing is cached about workflows. */
function markSharesChanged(db: Db, kind: ShareKind): void {
  if (kind === "prompt") markChanged(db, "prompt_shares");
}
