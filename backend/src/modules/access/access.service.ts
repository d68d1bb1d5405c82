import type { Db } from "../../db/client.js";
import { cachedRead, cacheKey } from "../../db/read-cache.js";
import type { ApiKeyScope, Visibility } from "../../db/schema.js";
import { forbidden, notFound, unauthorized } from "../../http/errors.js";
import type { Principal } from "../../http/types.js";
import type { ChangeRequestAudience } from "../change-requests/change-requests.types.js";
import { lookupProjectUse } from "../expansion/project-use.service.js";
import { findProject, isProjectMember } from "../projects/project-lookup.service.js";
import type { ProjectRow } from "../projects/projects.types.js";
import { findTeam, listManagedTeamIds, listTeamChainIds, ownsTeamOrAncestor } from "../teams/team-lookup.service.js";
import { findUser, getUserTeamIds } from "../users/user-lookup.service.js";

/**
 * The one place authorization rules live. Services ask these questions before they change
 * anything; routes and MCP tools never re-derive "who may do what" themselves. Being the layer
 * every feature's service depends on, this module reads teams, users and projects through
 * their lookup services, which depend on nothing but their own repository (importing their main
 * services would make each depend on the other).
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
  return ownsTeamOrAncestor(db, teamId, principal.user.id);
}

/**
 * Who may add, remove or move teams directly under `parentTeamId`: its managers, since the
 * team placed there inherits that parent's governance. The top level (null) is admins' alone.
 */
export async function canManageChildrenOf(
  db: Db,
  principal: Principal | null,
  parentTeamId: string | null,
): Promise<boolean> {
  if (parentTeamId === null) return isAdmin(principal);
  return canManageTeam(db, principal, parentTeamId);
}

/** 404 when the team does not exist, 403 when the caller may not manage it. */
export async function assertCanManageTeam(
  db: Db,
  principal: Principal | null,
  teamId: string,
  action = "manage this team",
): Promise<void> {
  const team = await findTeam(db, teamId);
  if (!team) throw notFound("Team not found", "team_not_found");
  if (!(await canManageTeam(db, principal, teamId))) {
    throw forbidden(`Only admins and owners of this team or a team above it may ${action}`);
  }
}

/** Admins, the project's lead and managers of the project's team manage a project. */
export async function canManageProject(
  db: Db,
  principal: Principal | null,
  project: Pick<ProjectRow, "teamId" | "leadUserId">,
): Promise<boolean> {
  if (!principal) return false;
  if (isAdmin(principal)) return true;
  if (project.leadUserId !== null && project.leadUserId === principal.user.id) return true;
  return canManageTeam(db, principal, project.teamId);
}

/** 404 when the project does not exist, 403 when the caller may not manage it; returns the project. */
export async function assertCanManageProject(
  db: Db,
  principal: Principal | null,
  projectId: string,
  action = "manage this project",
): Promise<ProjectRow> {
  const project = await findProject(db, projectId);
  if (!project) throw notFound("Project not found", "project_not_found");
  if (!(await canManageProject(db, principal, project))) {
    throw forbidden(`Only admins, the project's lead and owners of its team or a team above it may ${action}`);
  }
  return project;
}

/**
 * Who may expand prompts under a project's governance: admins, its lead and members, everyone in
 * its team or a team below it, and managers of its team. Null when the project does not exist.
 * One query.
 */
export async function canUseProject(db: Db, principal: Principal | null, projectId: string): Promise<boolean | null> {
  if (!principal) return false;
  const userId = principal.user.id;
  const use = await cachedRead(db, cacheKey("project-use", projectId, userId), () =>
    lookupProjectUse(db, projectId, userId),
  );
  if (!use) return null;
  return isAdmin(principal) || use.usable;
}

/** 401 for anonymous callers, 404 when the project does not exist, 403 when the caller may not use it. */
export async function assertCanUseProject(db: Db, principal: Principal | null, projectId: string): Promise<void> {
  requireUser(principal);
  const usable = await canUseProject(db, principal, projectId);
  if (usable === null) throw notFound("Project not found", "project_not_found");
  if (!usable) {
    throw forbidden(
      "Only admins, the project's lead and members, and people in its team or a team below it may use this project",
    );
  }
}

/** Every team the user is a member of, primary first (at least the primary, whatever the rows say). */
async function teamIdsOf(db: Db, user: { id: string; teamId: string }): Promise<string[]> {
  const ids = await getUserTeamIds(db, user.id);
  return ids.length > 0 ? ids : [user.teamId];
}

/** The teams the user is in and every team above them: whose governance reaches the user. */
async function teamChainsOf(db: Db, user: { id: string; teamId: string }): Promise<string[]> {
  const chains = await Promise.all((await teamIdsOf(db, user)).map((teamId) => listTeamChainIds(db, teamId)));
  return [...new Set(chains.flat())];
}

/** Whether the caller manages any team the user is a member of (or a team above one). */
export async function managesAnyTeamOf(
  db: Db,
  principal: Principal | null,
  user: { id: string; teamId: string },
): Promise<boolean> {
  for (const teamId of await teamIdsOf(db, user)) {
    if (await canManageTeam(db, principal, teamId)) return true;
  }
  return false;
}

/** The team, project or user a policy or objective belongs to. */
export type GovernanceOwner = { teamId: string | null; projectId: string | null; userId: string | null };

/**
 * Who may write policies and objectives: a team's are its managers', a project's its managers'.
 * Personal ones belong to admins and managers of the user's team; users also keep their own
 * objectives, but not their own policies, which bind them from above. 404 when the owner is missing.
 */
export async function assertCanManageGovernance(
  db: Db,
  principal: Principal | null,
  owner: GovernanceOwner,
  kind: "policy" | "objective",
): Promise<void> {
  const things = kind === "policy" ? "policies" : "objectives";
  if (!owner.teamId && !owner.projectId && !owner.userId) {
    requireAdmin(principal);
    return;
  }
  if (owner.teamId) await assertCanManageTeam(db, principal, owner.teamId, `manage this team's ${things}`);
  if (owner.projectId) await assertCanManageProject(db, principal, owner.projectId, `manage this project's ${things}`);
  if (owner.userId) {
    const user = await findUser(db, owner.userId);
    if (!user) throw notFound("User not found", "user_not_found");
    if (kind === "objective" && principal?.user.id === user.id) return;
    if (!(await managesAnyTeamOf(db, principal, user))) {
      throw forbidden(
        kind === "objective"
          ? "Only the user, admins and owners of one of the user's teams or a team above it may manage these objectives"
          : "Only admins and owners of one of the user's teams or a team above it may manage a user's policies",
      );
    }
  }
}

/** A team's governance is read by its members, everyone in the teams below it, and its managers. */
export async function canReadTeamGovernance(db: Db, principal: Principal | null, teamId: string): Promise<boolean> {
  if (!principal) return false;
  if (isAdmin(principal)) return true;
  if ((await teamChainsOf(db, principal.user)).includes(teamId)) return true;
  return canManageTeam(db, principal, teamId);
}

/** A user's governance is read by the user, admins and managers of any of the user's teams. */
export async function canReadUserGovernance(db: Db, principal: Principal | null, userId: string): Promise<boolean> {
  if (!principal) return false;
  if (isAdmin(principal) || principal.user.id === userId) return true;
  const user = await findUser(db, userId);
  return user !== null && managesAnyTeamOf(db, principal, user);
}

/** A project's governance is read by its lead, its members, and whoever may read its team's. */
export async function canReadProjectGovernance(
  db: Db,
  principal: Principal | null,
  projectId: string,
): Promise<boolean> {
  if (!principal) return false;
  if (isAdmin(principal)) return true;
  const project = await findProject(db, projectId);
  if (!project) return false;
  if (project.leadUserId === principal.user.id) return true;
  if (await isProjectMember(db, project.id, principal.user.id)) return true;
  return canReadTeamGovernance(db, principal, project.teamId);
}

/** 403 unless the caller may read the governance of every scope named; with none named, admins only. */
export async function assertCanReadGovernance(
  db: Db,
  principal: Principal | null,
  scope: { teamId?: string; userId?: string; projectId?: string },
): Promise<void> {
  if (!scope.teamId && !scope.userId && !scope.projectId) {
    requireAdmin(principal);
    return;
  }
  if (scope.teamId && !(await canReadTeamGovernance(db, principal, scope.teamId))) {
    throw forbidden("You may read the governance of your own team, the teams above it and the teams you manage");
  }
  if (scope.userId && !(await canReadUserGovernance(db, principal, scope.userId))) {
    throw forbidden("You may read your own governance and that of users in the teams you manage");
  }
  if (scope.projectId && !(await canReadProjectGovernance(db, principal, scope.projectId))) {
    throw forbidden("You may read a project's governance as its lead or member, or if you may read its team's");
  }
}

/** Owner-or-admin rule for owned resources (prompts, workflows, shares, API keys). */
export function isOwnerOrAdmin(principal: Principal | null, ownerId: string | null): boolean {
  if (!principal) return false;
  return isAdmin(principal) || (ownerId !== null && ownerId === principal.user.id);
}

/** 403 unless the caller owns the resource or is an admin (401 for anonymous callers). */
export function assertOwnerOrAdmin(principal: Principal | null, ownerId: string | null, what: string): Principal {
  const caller = requireUser(principal);
  if (isOwnerOrAdmin(caller, ownerId)) return caller;
  throw forbidden(`Only the owner of this ${what} or an admin may do that`);
}

/** A user may act on their own account; admins on anyone's. */
export function assertSelfOrAdmin(principal: Principal | null, userId: string): Principal {
  const caller = requireUser(principal);
  if (isAdmin(caller) || caller.user.id === userId) return caller;
  throw forbidden("You may only do this for your own account");
}

/** A caller signed in with an API key cannot mint a key with more power than its own. */
export function assertCanGrantScopes(principal: Principal | null, scopes: readonly ApiKeyScope[]): void {
  const caller = requireUser(principal);
  if (!caller.apiKey) return;
  const missing = scopes.find((scope) => !caller.apiKey?.scopes.includes(scope));
  if (missing) {
    throw forbidden(`This API key cannot grant the '${missing}' scope it does not have itself`, "insufficient_scope");
  }
}

export type Shareable = {
  ownerId: string | null;
  visibility: Visibility;
  /** Whether the resource is explicitly shared with the caller. */
  sharedWithCaller: boolean;
};

/**
 * Visibility of prompts and workflows: `public` to anyone, `org` to every signed-in user,
 * `private` to the owner, explicit sharees and admins.
 */
export function canView(principal: Principal | null, resource: Shareable): boolean {
  if (resource.visibility === "public") return true;
  if (!principal) return false;
  if (resource.visibility === "org" || isAdmin(principal)) return true;
  return resource.ownerId === principal.user.id || resource.sharedWithCaller;
}

/**
 * API keys and OAuth access tokens are limited to their scopes; other callers (web sessions,
 * the operator token, anonymous readers) are bounded by their role and the resource's
 * visibility instead. OAuth tokens never carry `write`.
 */
export function assertCredentialScope(principal: Principal | null, scope: ApiKeyScope): void {
  if (principal?.apiKey && !principal.apiKey.scopes.includes(scope)) {
    throw forbidden(`This API key lacks the '${scope}' scope needed here`, "insufficient_scope");
  }
  if (principal?.oauth && !(principal.oauth.scopes as readonly string[]).includes(scope)) {
    throw forbidden(`This access token lacks the '${scope}' scope needed here`, "insufficient_scope");
  }
}

/**
 * Whose change requests the caller sees and reviews: admins all; others the teams they manage
 * (owners of a team and of every team above it review its changes) and the teams whose
 * governance they read (the chains of every team they are in, and the teams they manage).
 */
export async function changeRequestAudience(db: Db, principal: Principal): Promise<ChangeRequestAudience> {
  if (isAdmin(principal)) return { kind: "all" };
  const [managed, chain] = await Promise.all([
    listManagedTeamIds(db, principal.user.id),
    teamChainsOf(db, principal.user),
  ]);
  return {
    kind: "user",
    userId: principal.user.id,
    managedTeamIds: managed,
    governanceTeamIds: [...new Set([...chain, ...managed])],
  };
}

/** What deciding a change request depends on: who proposed it, and whose managers review it. */
export type ReviewableChange = { authorId: string | null; reviewTeamId: string | null };

/**
 * Who may approve or reject a change: admins, and owners of the reviewing team (for a label, the
 * prompt owner's team; for governance, the team above the one changed) or of any team above it;
 * never its author, so every change is seen by a second person. `audience` is the caller's
 * `changeRequestAudience`.
 */
export function mayReviewChange(
  principal: Principal,
  audience: ChangeRequestAudience,
  change: ReviewableChange,
): boolean {
  if (change.authorId !== null && change.authorId === principal.user.id) return false;
  if (audience.kind === "all") return true;
  return change.reviewTeamId !== null && audience.managedTeamIds.includes(change.reviewTeamId);
}

/** 403 `author_cannot_approve` for the author, 403 for anyone else who may not review the change. */
export function assertMayReviewChange(
  principal: Principal,
  audience: ChangeRequestAudience,
  change: ReviewableChange,
  action: "approve" | "reject",
): void {
  if (change.authorId !== null && change.authorId === principal.user.id) {
    throw forbidden(`You proposed this change: someone else must ${action} it`, "author_cannot_approve");
  }
  if (!mayReviewChange(principal, audience, change)) {
    throw forbidden(
      `Only admins and owners of the team this change belongs to, or of a team above it, may ${action} it`,
      "review_forbidden",
    );
  }
}
