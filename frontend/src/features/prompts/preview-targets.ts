import type { CurrentUser } from "@/lib/api/types";
import type { Project } from "./api";

/**
 * The projects the signed-in user may preview a prompt under, mirroring the backend's rule (which
 * decides): admins any; a project's lead; owners of its team or a team above it, i.e. those who
 * manage its team (`managedTeamIds`, of the projects' teams).
 */
export function managedProjects(
  projects: readonly Project[],
  user: Pick<CurrentUser, "id" | "role">,
  managedTeamIds: ReadonlySet<string>,
): Project[] {
  if (user.role === "admin") return [...projects];
  return projects.filter((project) => project.lead_user_id === user.id || managedTeamIds.has(project.team_id));
}
