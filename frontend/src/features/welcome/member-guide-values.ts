import { teamPathNames } from "@/lib/team-paths";

type TeamNode = { id: string; name: string; parent_team_id: string | null };

/**
 * The user's teams, primary first: `team_ids` where the API gives it (users in several teams),
 * else the one `team_id`.
 */
export function memberTeamIds(user: { team_id: string; team_ids?: readonly string[] | null }): string[] {
  const ids = user.team_ids && user.team_ids.length > 0 ? user.team_ids : [user.team_id];
  return [...new Set(ids)];
}

/** Each of the user's teams with where it sits in the tree ("Acme / Engineering"), primary first. */
export function placedTeams(teamIds: readonly string[], teams: readonly TeamNode[]) {
  const paths = new Map(teamPathNames(teams).map(({ team, path }) => [team.id, path]));
  const byId = new Map(teams.map((team) => [team.id, team]));
  return teamIds.flatMap((id) => {
    const team = byId.get(id);
    if (!team) return [];
    const path = paths.get(id) ?? team.name;
    // Where it sits: the path above the team itself; the root team sits at the top.
    const above = path.slice(0, Math.max(0, path.length - team.name.length - 3));
    return [{ id, name: team.name, path, above: above || null }];
  });
}

/** The page that shows a team, with its policies and objectives. */
export const teamHref = (teamId: string) => `/teams?team=${encodeURIComponent(teamId)}`;

/** "1 policy", "3 objectives": counts as a sentence says them. */
export function countOf(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`;
}
