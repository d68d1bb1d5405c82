import type { Db } from "../../db/client.js";
import { badRequest, isForeignKeyViolation, notFound, postgresConstraint } from "../../http/errors.js";
import type { Principal } from "../../http/types.js";
import { assertCanReadGovernance, assertCanUseProject, type GovernanceOwner } from "../access/access.service.js";
import { getProject } from "../projects/projects.service.js";
import { needsGovernanceReview } from "../settings/settings.service.js";
import { getUser } from "../users/users.service.js";
import { findEffectiveGovernance } from "./governance.repository.js";
import type { EffectiveGovernance, GovernanceScope } from "./governance.types.js";

export type EffectiveQuery = { userId?: string; teamId?: string; projectId?: string };

/**
 * Effective governance of a team (when `teamId` is given) or of a user, optionally within a
 * project, for callers allowed to read it.
 */
export async function readEffectiveGovernance(
  db: Db,
  principal: Principal,
  query: EffectiveQuery,
): Promise<EffectiveGovernance> {
  if (query.teamId) {
    await assertCanReadGovernance(db, principal, { teamId: query.teamId });
    return findEffectiveGovernance(db, { teamId: query.teamId });
  }
  if (query.userId) {
    await assertCanReadGovernance(db, principal, { userId: query.userId, projectId: query.projectId });
    return findEffectiveGovernance(db, { userId: query.userId, projectId: query.projectId ?? null });
  }
  throw badRequest("Provide user_id or team_id", "scope_required");
}

/**
 * The policies and objectives that apply to a scope, with no access check: for expansion, which
 * applies the governance of whoever it renders for once it has decided who that may be.
 */
export function resolveGovernance(db: Db, scope: GovernanceScope): Promise<EffectiveGovernance> {
  return findEffectiveGovernance(db, scope);
}

/**
 * The caller's own effective governance, within a project they may use when one is named: what
 * their expansions apply.
 */
export async function readOwnGovernance(
  db: Db,
  principal: Principal,
  projectId?: string | null,
): Promise<EffectiveGovernance> {
  if (projectId) await assertCanUseProject(db, principal, projectId);
  return findEffectiveGovernance(db, { userId: principal.user.id, projectId: projectId ?? null });
}

/**
 * The team whose subtree a policy or objective belongs to, for the audit log: the owning team,
 * the project's team or the user's team; null for organization-wide ones.
 */
export async function teamOfGovernanceOwner(db: Db, owner: GovernanceOwner): Promise<string | null> {
  if (owner.teamId) return owner.teamId;
  if (owner.projectId) return (await getProject(db, owner.projectId)).teamId;
  if (owner.userId) return (await getUser(db, owner.userId)).teamId;
  return null;
}

/**
 * Whether changes to this owner's policies and objectives go through review: a team's when the
 * org settings choose it, organization-wide ones under `all`; a project's or a user's never.
 */
export async function isUnderGovernanceReview(db: Db, owner: GovernanceOwner): Promise<boolean> {
  if (owner.projectId || owner.userId) return false;
  return needsGovernanceReview(db, owner.teamId);
}

/**
 * Ownership is checked before writing; this covers an owner deleted between the check and the
 * write, which the foreign keys refuse.
 */
export function explainOwnerWriteError(error: unknown): unknown {
  if (!isForeignKeyViolation(error)) return error;
  const constraint = postgresConstraint(error) ?? "";
  if (constraint.endsWith("_team_id_teams_id_fk")) return notFound("Team not found", "team_not_found");
  if (constraint.endsWith("_project_id_projects_id_fk")) return notFound("Project not found", "project_not_found");
  if (constraint.endsWith("_user_id_users_id_fk")) return notFound("User not found", "user_not_found");
  if (constraint.endsWith("_parent_objective_id_objectives_id_fk")) {
    return notFound("Parent objective not found", "parent_objective_not_found");
  }
  return error;
}
