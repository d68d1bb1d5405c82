import type { Db } from "../../db/client.js";
import {
  findManagedTeamIds,
  findTeamById,
  findTeamChainIds,
  isOwnerOfTeamOrAncestor,
  type TeamRow,
} from "./teams.repository.js";

// The team tree as the access rules read it. Kept apart from teams.service, which asks
// access.service before it writes, so that access.service can read teams without an import cycle.

/** The team, or null. */
export async function findTeam(db: Db, teamId: string): Promise<TeamRow | null> {
  return findTeamById(db, teamId);
}

/** Ids of `[team, parent, grandparent, …]`: the teams whose governance reaches the team. */
export async function listTeamChainIds(db: Db, teamId: string): Promise<string[]> {
  return findTeamChainIds(db, teamId);
}

/** Whether the user owns the team or any team above it: what managing a team means. */
export async function ownsTeamOrAncestor(db: Db, teamId: string, userId: string): Promise<boolean> {
  return isOwnerOfTeamOrAncestor(db, teamId, userId);
}

/** Ids of the teams the user owns and every team below them: what the user manages. */
export async function listManagedTeamIds(db: Db, userId: string): Promise<string[]> {
  return findManagedTeamIds(db, userId);
}
