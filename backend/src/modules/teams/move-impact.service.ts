import type { Db } from "../../db/client.js";
import { forbidden } from "../../http/errors.js";
import type { Principal } from "../../http/types.js";
import { canManageTeam } from "../access/access.service.js";
import { findChainGovernance } from "../governance/chain-governance.service.js";
import { countSubtree, findTeamNames } from "./move-impact.repository.js";
import { assertCanMove, getTeam } from "./teams.service.js";

export type ImpactPolicy = { id: string; name: string; teamName: string };
export type ImpactObjective = { id: string; title: string; teamName: string };

/** What changes in inherited governance when something moves from under one team to under another. */
export type InheritanceChange = {
  policiesGained: ImpactPolicy[];
  policiesLost: ImpactPolicy[];
  objectivesGained: ImpactObjective[];
  objectivesLost: ImpactObjective[];
};

/** Who is affected (`members` active users in `teams` teams) and what they gain and lose. */
export type MoveImpact = InheritanceChange & { members: number; teams: number };

/**
 * The policies and objectives that start or stop applying when a team, or a user, moves from
 * directly under `fromTeamId` to directly under `toTeamId` (null: the top level). Those set on
 * teams above both places, and those of the moved team or user itself, stay and are not listed.
 */
export async function describeInheritanceChange(
  db: Db,
  fromTeamId: string | null,
  toTeamId: string | null,
): Promise<InheritanceChange> {
  if (fromTeamId === toTeamId)
    return { policiesGained: [], policiesLost: [], objectivesGained: [], objectivesLost: [] };
  const [before, after] = await Promise.all([findChainGovernance(db, fromTeamId), findChainGovernance(db, toTeamId)]);
  const missingFrom = <T extends { id: string }>(list: T[], other: T[]) => {
    const ids = new Set(other.map((item) => item.id));
    return list.filter((item) => !ids.has(item.id));
  };
  const policiesGained = missingFrom(after.policies, before.policies);
  const policiesLost = missingFrom(before.policies, after.policies);
  const objectivesGained = missingFrom(after.objectives, before.objectives);
  const objectivesLost = missingFrom(before.objectives, after.objectives);
  const owners = [...policiesGained, ...policiesLost, ...objectivesGained, ...objectivesLost]
    .map((item) => item.teamId)
    .filter((id): id is string => id !== null);
  const names = await findTeamNames(db, [...new Set(owners)]);
  const teamName = (id: string | null) => (id === null ? "" : (names.get(id) ?? ""));
  const policy = (row: (typeof policiesGained)[number]): ImpactPolicy => ({
    id: row.id,
    name: row.name,
    teamName: teamName(row.teamId),
  });
  const objective = (row: (typeof objectivesGained)[number]): ImpactObjective => ({
    id: row.id,
    title: row.title,
    teamName: teamName(row.teamId),
  });
  return {
    policiesGained: policiesGained.map(policy),
    policiesLost: policiesLost.map(policy),
    objectivesGained: objectivesGained.map(objective),
    objectivesLost: objectivesLost.map(objective),
  };
}

/**
 * What moving a team under `newParentId` (null: to the top level) would change, for callers
 * allowed to make that move; a move that would be refused is refused here with the same reason.
 */
export async function previewTeamMove(
  db: Db,
  principal: Principal,
  teamId: string,
  newParentId: string | null,
): Promise<MoveImpact> {
  const team = await getTeam(db, teamId);
  if (!(await canManageTeam(db, principal, team.id))) {
    throw forbidden("Only admins and owners of this team or a team above it may update it");
  }
  if (newParentId !== team.parentTeamId) await assertCanMove(db, principal, team, newParentId);
  const [affected, change] = await Promise.all([
    countSubtree(db, team.id),
    describeInheritanceChange(db, team.parentTeamId, newParentId),
  ]);
  return { ...affected, ...change };
}
