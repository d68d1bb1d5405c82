import type { Db } from "../../db/client.js";
import { markChanged } from "../../db/read-cache.js";
import {
  conflict,
  forbidden,
  isForeignKeyViolation,
  isUniqueViolation,
  notFound,
  postgresConstraint,
  unprocessable,
} from "../../http/errors.js";
import type { Principal } from "../../http/types.js";
import { canManageChildrenOf, canManageTeam, isAdmin } from "../access/access.service.js";
import { auditedFields, recordAudit } from "../audit/audit.recorder.js";
import { MAX_TEAM_DEPTH, teamTooDeep } from "./team-depth.js";
import {
  type CountedTeamRow,
  countTeamDependents,
  createTeam,
  deleteTeam,
  findRootTeam,
  findSubtreeHeight,
  findSubtreeTeamIds,
  findTeamById,
  findTeamBySlug,
  findTeamChainIds,
  findTeamPath,
  findTeams,
  isActiveUser,
  isTeamInSubtree,
  lockTeamTree,
  type NewTeam,
  type TeamListFilter,
  type TeamRow,
  updateTeam,
  withChildCounts,
} from "./teams.repository.js";
import { teamFieldsOf } from "./teams.schemas.js";

export type TeamInput = {
  name: string;
  slug: string;
  description?: string | null;
  parentTeamId?: string | null;
  ownerId?: string | null;
};

/** Absent fields stay as they are; `null` clears the description or owner, or makes the team top-level. */
export type TeamChanges = {
  name?: string;
  description?: string | null;
  ownerId?: string | null;
  parentTeamId?: string | null;
};

const teamNotFound = () => notFound("Team not found", "team_not_found");
const parentNotFound = () => notFound("Parent team not found", "parent_team_not_found");
const slugTaken = (slug: string) => conflict(`Team slug '${slug}' already exists`, "slug_taken");

/** What a caller asks of the team list: `managed` keeps the teams they manage (admins manage every team). */
export type TeamListRequest = Omit<TeamListFilter, "managedBy"> & { managed?: boolean };

/**
 * One page of teams by name (see `TeamListFilter`), each with its number of sub-teams, and how
 * many match in all.
 */
export async function listTeams(
  db: Db,
  principal: Principal,
  { managed, ...filter }: TeamListRequest,
): Promise<{ rows: CountedTeamRow[]; total: number }> {
  const managedBy = managed && !isAdmin(principal) ? principal.user.id : undefined;
  const { rows, total } = await findTeams(db, { ...filter, managedBy });
  return { rows: await withChildCounts(db, rows), total };
}

/** One team with its number of sub-teams, or 404. */
export async function readTeam(db: Db, teamId: string): Promise<CountedTeamRow> {
  const [team] = await withChildCounts(db, [await getTeam(db, teamId)]);
  if (!team) throw teamNotFound();
  return team;
}

/**
 * The team and every team above it, the top-level team first, each with its number of
 * sub-teams: what a tree needs to show a team deep down without loading the rest. 404 for none.
 */
export async function listTeamPath(db: Db, teamId: string): Promise<CountedTeamRow[]> {
  const path = await findTeamPath(db, teamId);
  if (path.length === 0) throw teamNotFound();
  return withChildCounts(db, path);
}

/** The team with this slug, or null. */
export async function findTeamWithSlug(db: Db, slug: string): Promise<TeamRow | null> {
  return findTeamBySlug(db, slug);
}

/** The organization's root team (the one founded at registration), or null before registration. */
export async function findOrganizationRootTeam(db: Db): Promise<TeamRow | null> {
  return findRootTeam(db);
}

/** Ids of the team and every team below it (none when there is no such team). */
export async function listSubtreeTeamIds(db: Db, teamId: string): Promise<string[]> {
  return findSubtreeTeamIds(db, teamId);
}

const teamTarget = (team: TeamRow) => ({ type: "team", id: team.id, name: team.name });
const teamFields = (team: TeamRow) => auditedFields(teamFieldsOf(team));

/** Writes the events of a team change: what it is called, who owns it, where it sits. */
async function recordTeamChange(tx: Db, principal: Principal, before: TeamRow, after: TeamRow): Promise<void> {
  const target = teamTarget(after);
  const was = teamFields(before);
  const now = teamFields(after);
  const pick = (fields: Record<string, unknown>, keys: string[]) =>
    Object.fromEntries(keys.map((key) => [key, fields[key]]));
  const events = [
    { action: "team.updated", keys: ["name", "description"] },
    { action: "team.owner_changed", keys: ["owner_id"] },
    { action: "team.moved", keys: ["parent_team_id"] },
  ];
  for (const { action, keys } of events) {
    if (keys.every((key) => JSON.stringify(was[key]) === JSON.stringify(now[key]))) continue;
    await recordAudit(tx, principal, {
      action,
      target,
      teamId: after.id,
      before: pick(was, keys),
      after: pick(now, keys),
    });
  }
}

/** One team, or 404. */
export async function getTeam(db: Db, teamId: string): Promise<TeamRow> {
  const team = await findTeamById(db, teamId);
  if (!team) throw teamNotFound();
  return team;
}

/** Creates a team under a parent the caller manages; top-level teams are for admins. */
export async function addTeam(db: Db, principal: Principal, input: TeamInput): Promise<CountedTeamRow> {
  const parentId = input.parentTeamId ?? null;
  try {
    const team = await db.transaction(async (tx) => {
      // Held while the depth is checked, so a concurrent move cannot push the parent deeper.
      await lockTeamTree(tx);
      const parent = parentId === null ? null : await findTeamById(tx, parentId);
      if (parentId !== null && !parent) throw parentNotFound();
      if (!(await canManageChildrenOf(tx, principal, parentId))) {
        throw forbidden(
          parentId === null
            ? "Only admins may create a top-level team"
            : "Only admins and owners of the parent team or a team above it may add a team under it",
        );
      }
      if (parent) {
        const level = (await findTeamChainIds(tx, parent.id)).length + 1;
        if (level > MAX_TEAM_DEPTH) throw teamTooDeep(`Team '${input.name}' under '${parent.name}'`, level);
      }
      await assertActiveUser(tx, input.ownerId);
      await assertSlugFree(tx, input.slug);
      const team = await createTeam(tx, newTeamValues(input, parentId));
      await recordAudit(tx, principal, {
        action: "team.created",
        target: teamTarget(team),
        teamId: team.id,
        after: teamFields(team),
      });
      return team;
    });
    markChanged(db, "teams");
    return { ...team, childCount: 0 };
  } catch (error) {
    throw explainWriteError(error, input.slug);
  }
}

/**
 * The root team of a new organization, created while its first admin does not exist yet: no
 * event until `makeFounderOwner` gives it its owner, who is then the actor.
 */
export async function createFoundingTeam(tx: Db, input: { name: string; slug: string }): Promise<TeamRow> {
  await assertSlugFree(tx, input.slug);
  return createTeam(tx, { name: input.name, slug: input.slug });
}

/** Hands the founding team to its first admin and records its creation by them. */
export async function makeFounderOwner(tx: Db, founder: Principal, teamId: string): Promise<TeamRow> {
  const team = await updateTeam(tx, teamId, { ownerId: founder.user.id });
  if (!team) throw teamNotFound();
  await recordAudit(tx, founder, {
    action: "team.created",
    target: teamTarget(team),
    teamId: team.id,
    after: teamFields(team),
  });
  return team;
}

/** Renames, describes, re-owns or moves a team its caller manages. */
export async function changeTeam(
  db: Db,
  principal: Principal,
  teamId: string,
  changes: TeamChanges,
): Promise<CountedTeamRow> {
  try {
    const { team, written } = await db.transaction(async (tx) => {
      if (changes.parentTeamId !== undefined) await lockTeamTree(tx);
      const team = await getTeam(tx, teamId);
      if (!(await canManageTeam(tx, principal, team.id))) {
        throw forbidden("Only admins and owners of this team or a team above it may update it");
      }
      if (changes.parentTeamId !== undefined && changes.parentTeamId !== team.parentTeamId) {
        await assertCanMove(tx, principal, team, changes.parentTeamId);
      }
      await assertActiveUser(tx, changes.ownerId);
      const values: Partial<NewTeam> = {};
      if (changes.name !== undefined) values.name = changes.name;
      if (changes.description !== undefined) values.description = changes.description;
      if (changes.ownerId !== undefined) values.ownerId = changes.ownerId;
      if (changes.parentTeamId !== undefined) values.parentTeamId = changes.parentTeamId;
      if (Object.keys(values).length === 0) return { team, written: false };
      const updated = await updateTeam(tx, team.id, values);
      if (!updated) throw teamNotFound();
      await recordTeamChange(tx, principal, team, updated);
      return { team: updated, written: true };
    });
    if (written) markChanged(db, "teams");
    const [counted] = await withChildCounts(db, [team]);
    if (!counted) throw teamNotFound();
    return counted;
  } catch (error) {
    throw explainWriteError(error);
  }
}

/** Creates a team in the child's place and moves the child under it, as one change. */
export async function insertTeamAbove(
  db: Db,
  principal: Principal,
  childTeamId: string,
  input: TeamInput,
): Promise<CountedTeamRow> {
  try {
    const team = await db.transaction(async (tx) => {
      await lockTeamTree(tx);
      const child = await findTeamById(tx, childTeamId);
      if (!child) throw notFound("Child team not found", "team_not_found");
      if (!(await canManageChildrenOf(tx, principal, child.parentTeamId))) {
        throw forbidden(
          child.parentTeamId === null
            ? "Only admins may insert a team above a top-level team"
            : "Only admins and owners of the child's parent team or a team above it may insert a team there",
        );
      }
      // The child and everything below it move down one level.
      const deepest = (await findTeamChainIds(tx, child.id)).length + (await findSubtreeHeight(tx, child.id));
      if (deepest > MAX_TEAM_DEPTH) {
        throw teamTooDeep(`With a team inserted above '${child.name}', its deepest sub-team`, deepest);
      }
      await assertActiveUser(tx, input.ownerId);
      await assertSlugFree(tx, input.slug);
      const team = await createTeam(tx, newTeamValues(input, child.parentTeamId));
      await recordAudit(tx, principal, {
        action: "team.created",
        target: teamTarget(team),
        teamId: team.id,
        after: teamFields(team),
      });
      const moved = await updateTeam(tx, child.id, { parentTeamId: team.id });
      if (moved) await recordTeamChange(tx, principal, child, moved);
      return team;
    });
    markChanged(db, "teams");
    // The child it was inserted above is its one sub-team.
    return { ...team, childCount: 1 };
  } catch (error) {
    throw explainWriteError(error, input.slug);
  }
}

/** Deletes an empty team; its policies, objectives and pending invitations go with it. */
export async function removeTeam(db: Db, principal: Principal, teamId: string): Promise<void> {
  const team = await getTeam(db, teamId);
  if (!(await canManageChildrenOf(db, principal, team.parentTeamId))) {
    throw forbidden(
      team.parentTeamId === null
        ? "Only admins may delete a top-level team"
        : "Only admins and owners of the parent team or a team above it may delete this team",
    );
  }
  await assertTeamEmpty(db, team);
  try {
    await db.transaction(async (tx) => {
      await deleteTeam(tx, team.id);
      // Filed under the parent: the team's own id no longer names a subtree anyone manages.
      await recordAudit(tx, principal, {
        action: "team.deleted",
        target: teamTarget(team),
        teamId: team.parentTeamId,
        before: teamFields(team),
      });
    });
    // Its policies and objectives went with it.
    markChanged(db, "teams", "policies", "objectives");
  } catch (error) {
    // Something was attached between the check and the delete.
    if (isForeignKeyViolation(error)) {
      await assertTeamEmpty(db, team);
      throw conflict(`Team '${team.name}' is still in use; move or remove what belongs to it first`, "team_not_empty");
    }
    throw error;
  }
}

/** Refuses a move the caller may not make or the tree may not take (a cycle, too deep), with the reason. */
export async function assertCanMove(
  db: Db,
  principal: Principal,
  team: TeamRow,
  newParentId: string | null,
): Promise<void> {
  let newParent: TeamRow | null = null;
  if (newParentId !== null) {
    newParent = await findTeamById(db, newParentId);
    if (!newParent) throw parentNotFound();
    if (newParent.id === team.id) {
      throw unprocessable(`Cannot move team '${team.name}' under itself`, "team_cycle");
    }
    if (await isTeamInSubtree(db, team.id, newParent.id)) {
      throw unprocessable(
        `Cannot move team '${team.name}' under '${newParent.name}': '${newParent.name}' is inside '${team.name}'`,
        "team_cycle",
      );
    }
  }
  // Moving changes whose governance the team inherits, so both the old and the new parent must agree.
  if (!(await canManageChildrenOf(db, principal, team.parentTeamId))) {
    throw forbidden(
      team.parentTeamId === null
        ? "Only admins may move a top-level team"
        : "Only admins and owners of the current parent team or a team above it may move this team",
    );
  }
  if (!(await canManageChildrenOf(db, principal, newParentId))) {
    throw forbidden(
      newParent === null
        ? "Only admins may make a team top-level"
        : `Only admins and owners of '${newParent.name}' or a team above it may move a team under it`,
    );
  }
  if (newParent !== null) {
    const deepest = (await findTeamChainIds(db, newParent.id)).length + (await findSubtreeHeight(db, team.id));
    if (deepest > MAX_TEAM_DEPTH) {
      throw teamTooDeep(`Moved under '${newParent.name}', the deepest team of '${team.name}'`, deepest);
    }
  }
}

async function assertActiveUser(db: Db, userId: string | null | undefined): Promise<void> {
  if (!userId) return;
  if (!(await isActiveUser(db, userId))) throw notFound("User not found", "user_not_found");
}

async function assertSlugFree(db: Db, slug: string): Promise<void> {
  if (await findTeamBySlug(db, slug)) throw slugTaken(slug);
}

async function assertTeamEmpty(db: Db, team: TeamRow): Promise<void> {
  const left = await countTeamDependents(db, team.id);
  const parts = [
    countOf(left.subTeams, "sub-team"),
    countOf(left.users, "user"),
    countOf(left.projects, "project"),
  ].filter((part): part is string => part !== null);
  if (parts.length === 0) return;
  throw conflict(`Team '${team.name}' still has ${joinWithAnd(parts)}; move or remove them first`, "team_not_empty");
}

function countOf(n: number, noun: string): string | null {
  if (n === 0) return null;
  return `${n} ${noun}${n === 1 ? "" : "s"}`;
}

function joinWithAnd(parts: string[]): string {
  if (parts.length <= 1) return parts.join("");
  return `${parts.slice(0, -1).join(", ")} and ${parts[parts.length - 1]}`;
}

function newTeamValues(input: TeamInput, parentTeamId: string | null): NewTeam {
  return {
    name: input.name,
    slug: input.slug,
    description: input.description ?? null,
    ownerId: input.ownerId ?? null,
    parentTeamId,
  };
}

/** Checks run before writing; these cover what changed between a check and the write. */
function explainWriteError(error: unknown, slug?: string): unknown {
  if (slug !== undefined && isUniqueViolation(error)) return slugTaken(slug);
  if (isForeignKeyViolation(error)) {
    const constraint = postgresConstraint(error);
    if (constraint === "teams_owner_id_users_id_fk") return notFound("User not found", "user_not_found");
    if (constraint === "teams_parent_team_id_teams_id_fk") return parentNotFound();
  }
  return error;
}
