import type { CurrentUser } from "@/lib/api/types";
import type { Project, Team } from "./api";

/**
 * Whom the signed-in user may preview a prompt as, mirroring the backend's rule (which decides):
 * admins anyone; team owners the teams they own and every team below them, and those teams'
 * members; a project's lead and managers the project.
 */
export function managedTeams(teams: readonly Team[], user: Pick<CurrentUser, "id" | "role">): Team[] {
  if (user.role === "admin") return [...teams];
  const children = new Map<string, Team[]>();
  for (const team of teams) {
    if (team.parent_team_id) children.set(team.parent_team_id, [...(children.get(team.parent_team_id) ?? []), team]);
  }
  const managed = new Map<string, Team>();
  const pending = teams.filter((team) => team.owner_id === user.id);
  while (pending.length > 0) {
    const team = pending.pop() as Team;
    if (managed.has(team.id)) continue;
    managed.set(team.id, team);
    pending.push(...(children.get(team.id) ?? []));
  }
  return teams.filter((team) => managed.has(team.id));
}

export function managedProjects(
  projects: readonly Project[],
  user: Pick<CurrentUser, "id" | "role">,
  teams: readonly Team[],
): Project[] {
  if (user.role === "admin") return [...projects];
  const teamIds = new Set(teams.map((team) => team.id));
  return projects.filter((project) => project.lead_user_id === user.id || teamIds.has(project.team_id));
}
