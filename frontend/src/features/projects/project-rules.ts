/** Whether a project matches the list's search: name, slug or description, ignoring case. */
export function matchesProject(
  project: { name: string; slug: string; description: string | null },
  q: string,
): boolean {
  const needle = q.trim().toLowerCase();
  if (!needle) return true;
  return [project.name, project.slug, project.description ?? ""].some((text) => text.toLowerCase().includes(needle));
}

type TeamLink = { id: string; parent_team_id: string | null; owner_id: string | null };

/**
 * Whether `user` may manage the project, as the API decides: admins, the project's lead, and
 * owners of its team or of any team above it. The page hides controls that would only be refused.
 */
export function canManageProject(
  user: { id: string; role: string },
  project: { team_id: string; lead_user_id: string | null },
  teams: readonly TeamLink[],
): boolean {
  if (user.role === "admin" || project.lead_user_id === user.id) return true;
  const byId = new Map(teams.map((team) => [team.id, team]));
  const seen = new Set<string>();
  for (let team = byId.get(project.team_id); team && !seen.has(team.id); team = byId.get(team.parent_team_id ?? "")) {
    seen.add(team.id);
    if (team.owner_id === user.id) return true;
  }
  return false;
}
