import type { Db } from "../../db/client.js";
import { forbidden } from "../../http/errors.js";
import type { Principal } from "../../http/types.js";
import { canManageTeam } from "../access/access.service.js";
import { type ChainGovernance, findChainGovernance } from "../governance/chain-governance.service.js";
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

/** What a user or team placed directly under each of `teamIds` inherits, each item once. */
async function chainsGovernance(db: Db, teamIds: readonly (string | null)[]): Promise<ChainGovernance> {
  const chains = await Promise.all([...new Set(teamIds)].map((teamId) => findChainGovernance(db, teamId)));
  const once = <T extends { id: string }>(items: T[]) => [...new Map(items.map((item) => [item.id, item])).values()];
  return {
    policies: once(chains.flatMap((chain) => chain.policies)),
    objectives: once(chains.flatMap((chain) => chain.objectives)),
  };
}

/**
 * The policies and objectives that start or stop applying when a team, or a user, moves from
 * directly under the `from` teams to directly under the `to` teams (null: the top level). A team
 * sits under one parent; a user belongs to several teams and inherits from every chain. Those
 * inherited both before and after, and those of the moved team or user itself, are not listed.
 */
export async function describeInheritanceChange(
  db: Db,
  from: readonly (string | null)[],
  to: readonly (string | null)[],
): Promise<InheritanceChange> {
  const [before, after] = await Promise.all([chainsGovernance(db, from), chainsGovernance(db, to)]);
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
    describeInheritanceChange(db, [team.parentTeamId], [newParentId]),
  ]);
  return { ...affected, ...change };
}
