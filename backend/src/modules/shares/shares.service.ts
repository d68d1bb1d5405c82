import type { Db } from "../../db/client.js";
import { notFound } from "../../http/errors.js";
import { getTeam } from "../teams/teams.service.js";
import { getUser } from "../users/users.service.js";
import {
  createShare,
  deleteShare,
  findShare,
  findShares,
  type Grantee,
  type ShareKind,
  type ShareRow,
  updateShareSubteams,
} from "./shares.repository.js";

export type { Grantee, ShareKind, ShareRow };

/** What adding a share did: `created`, `updated` (a team share's sub-teams choice changed) or nothing. */
export type ShareOutcome = { share: ShareRow; change: "created" | "updated" | "none"; before: ShareRow | null };

/**
 * The share with the user or team, created unless it existed, inside the caller's transaction.
 * Sharing with a team again with another `include_subteams` changes that choice. 404 for an
 * unknown user or team. The caller has checked the target is theirs to share, records the audit
 * event and marks what changed.
 */
export async function addShare(tx: Db, kind: ShareKind, targetId: string, grantee: Grantee): Promise<ShareOutcome> {
  if (grantee.kind === "user") await getUser(tx, grantee.userId);
  else await getTeam(tx, grantee.teamId);
  const existing = await findShare(tx, kind, targetId, grantee);
  if (!existing) return { share: await createShare(tx, kind, targetId, grantee), change: "created", before: null };
  if (grantee.kind === "team" && existing.includeSubteams !== grantee.includeSubteams) {
    await updateShareSubteams(tx, kind, existing.id, grantee.includeSubteams);
    return { share: { ...existing, includeSubteams: grantee.includeSubteams }, change: "updated", before: existing };
  }
  return { share: existing, change: "none", before: existing };
}

/** Withdraws a share inside the caller's transaction, or 404 when there is none; the share it was. */
export async function removeShare(tx: Db, kind: ShareKind, targetId: string, grantee: Grantee): Promise<ShareRow> {
  const share = await findShare(tx, kind, targetId, grantee);
  if (!share || !(await deleteShare(tx, kind, targetId, grantee))) throw notFound("Share not found", "share_not_found");
  return share;
}

/** Who a prompt or workflow is shared with, oldest share first; the caller has checked who may ask. */
export async function listShares(db: Db, kind: ShareKind, targetId: string): Promise<ShareRow[]> {
  return findShares(db, kind, targetId);
}

/** Who a share is with, as audit events record it. */
export function auditedGrantee(share: ShareRow): { shared_with: Record<string, unknown> } {
  if (share.teamId !== null) {
    return {
      shared_with: { team_id: share.teamId, team_name: share.teamName, include_subteams: share.includeSubteams },
    };
  }
  return { shared_with: { user_id: share.userId, username: share.username } };
}
