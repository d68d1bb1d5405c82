import type { Db } from "../../db/client.js";
import { forbidden, notFound, unauthorized } from "../../http/errors.js";
import type { Principal } from "../../http/types.js";
import { findTeamById, isOwnerOfTeamOrAncestor } from "../teams/teams.repository.js";

/**
 * The one place authorization rules live. Routes and services ask these questions instead of
 * re-deriving "who may do what" themselves.
 */

export const isAdmin = (principal: Principal | null): boolean => principal?.user.role === "admin";

export function requireUser(principal: Principal | null): Principal {
  if (!principal) throw unauthorized("Authentication required: send a Bearer token or API key");
  return principal;
}

export function requireAdmin(principal: Principal | null): Principal {
  const caller = requireUser(principal);
  if (!isAdmin(caller)) throw forbidden("Admin access required", "admin_required");
  return caller;
}

/** Admins manage every team; a team's owner and the owners of all its ancestors manage it. */
export async function canManageTeam(db: Db, principal: Principal | null, teamId: string): Promise<boolean> {
  if (!principal) return false;
  if (isAdmin(principal)) return true;
  return isOwnerOfTeamOrAncestor(db, teamId, principal.user.id);
}

/** 404 when the team does not exist, 403 when the caller may not manage it. */
export async function assertCanManageTeam(
  db: Db,
  principal: Principal | null,
  teamId: string,
  action = "manage this team",
): Promise<void> {
  const team = await findTeamById(db, teamId);
  if (!team) throw notFound("Team not found", "team_not_found");
  if (!(await canManageTeam(db, principal, teamId))) {
    throw forbidden(`Only admins and owners of this team or a team above it may ${action}`);
  }
}

/** Owner-or-admin rule for owned resources (prompts, workflows, shares, API keys). */
export function assertOwnerOrAdmin(principal: Principal | null, ownerId: string | null, what: string): Principal {
  const caller = requireUser(principal);
  if (isAdmin(caller) || (ownerId !== null && ownerId === caller.user.id)) return caller;
  throw forbidden(`Only the owner of this ${what} or an admin may do that`);
}

/** A user may act on their own account; admins on anyone's. */
export function assertSelfOrAdmin(principal: Principal | null, userId: string): Principal {
  const caller = requireUser(principal);
  if (isAdmin(caller) || caller.user.id === userId) return caller;
  throw forbidden("You may only do this for your own account");
}
