import type { Db } from "../../db/client.js";
import { badRequest, isForeignKeyViolation, notFound, postgresConstraint } from "../../http/errors.js";
import type { Principal } from "../../http/types.js";
import { assertCanReadGovernance } from "../access/access.service.js";
import { type EffectiveGovernance, findEffectiveGovernance } from "./governance.repository.js";

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
