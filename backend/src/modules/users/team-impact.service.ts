import type { Db } from "../../db/client.js";
import { forbidden } from "../../http/errors.js";
import type { Principal } from "../../http/types.js";
import { isAdmin } from "../access/access.service.js";
import { describeInheritanceChange, type MoveImpact } from "../teams/move-impact.service.js";
import { getTeam } from "../teams/teams.service.js";
import { getUserWithTeams, withPrimaryTeam } from "./users.service.js";

/**
 * What making `teamId` a user's primary team would change in the governance that applies to them,
 * for the callers who may make that change (admins). Their other teams stay, so only what no
 * remaining team's chain provides counts as lost; their own policies and objectives go with them.
 */
export async function previewUserTeamChange(
  db: Db,
  principal: Principal,
  userId: string,
  teamId: string,
): Promise<MoveImpact> {
  if (!isAdmin(principal)) throw forbidden("Only admins may change 'team_id'", "admin_only_field");
  const user = await getUserWithTeams(db, userId);
  await getTeam(db, teamId);
  const change = await describeInheritanceChange(db, user.teamIds, withPrimaryTeam(user.teamIds, teamId));
  return { members: 1, teams: 0, ...change };
}
