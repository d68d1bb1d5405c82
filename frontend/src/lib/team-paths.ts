type TeamNode = { id: string; name: string; parent_team_id: string | null };

/**
 * Each team with its place in the tree ("Engineering / Web"), sorted by that path, so teams of
 * the same name under different parents can be told apart in a picker.
 */
export function teamPathNames<T extends TeamNode>(teams: readonly T[]): { team: T; path: string }[] {
  const byId = new Map(teams.map((team) => [team.id, team]));
  const pathOf = (team: T): string => {
    const names = [team.name];
    const seen = new Set([team.id]);
    let parent = team.parent_team_id ? byId.get(team.parent_team_id) : undefined;
    while (parent && !seen.has(parent.id)) {
      names.unshift(parent.name);
      seen.add(parent.id);
      parent = parent.parent_team_id ? byId.get(parent.parent_team_id) : undefined;
    }
    return names.join(" / ");
  };
  return teams.map((team) => ({ team, path: pathOf(team) })).sort((a, b) => a.path.localeCompare(b.path));
}
