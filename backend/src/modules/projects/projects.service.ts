import type { Db } from "../../db/client.js";
import { markChanged } from "../../db/read-cache.js";
import { conflict, isForeignKeyViolation, isUniqueViolation, notFound, postgresConstraint } from "../../http/errors.js";
import type { Principal } from "../../http/types.js";
import { assertCanManageProject, assertCanManageTeam } from "../access/access.service.js";
import { findUserById } from "../users/users.repository.js";
import {
  createProject,
  createProjectMember,
  deleteProject,
  deleteProjectMember,
  findProjectById,
  findProjectBySlug,
  findProjectMember,
  findProjectMembers,
  findProjects,
  type NewProject,
  type ProjectMemberRow,
  type ProjectRow,
  updateProject,
} from "./projects.repository.js";

export type ProjectInput = {
  teamId: string;
  leadUserId?: string | null;
  name: string;
  slug: string;
  description?: string | null;
};

/** Absent fields stay as they are; `null` clears the description or the lead. */
export type ProjectChanges = { name?: string; description?: string | null; leadUserId?: string | null };

const projectNotFound = () => notFound("Project not found", "project_not_found");
const userNotFound = () => notFound("User not found", "user_not_found");
const slugTaken = (slug: string) => conflict(`Project slug '${slug}' already exists`, "slug_taken");
const alreadyMember = () => conflict("User is already a project member", "already_member");

/** Every project, or one team's; by name. */
export async function listProjects(db: Db, filter: { teamId?: string }): Promise<ProjectRow[]> {
  return findProjects(db, filter);
}

/** One project, or 404. */
export async function getProject(db: Db, projectId: string): Promise<ProjectRow> {
  const project = await findProjectById(db, projectId);
  if (!project) throw projectNotFound();
  return project;
}

/** Creates a project in a team the caller manages. */
export async function addProject(db: Db, principal: Principal, input: ProjectInput): Promise<ProjectRow> {
  await assertCanManageTeam(db, principal, input.teamId, "create projects in this team");
  await assertActiveUser(db, input.leadUserId);
  if (await findProjectBySlug(db, input.slug)) throw slugTaken(input.slug);
  try {
    const project = await createProject(db, {
      teamId: input.teamId,
      leadUserId: input.leadUserId ?? null,
      name: input.name,
      slug: input.slug,
      description: input.description ?? null,
    });
    markChanged(db, "projects");
    return project;
  } catch (error) {
    throw explainWriteError(error, input.slug);
  }
}

/** Renames, describes or hands over a project the caller manages. */
export async function changeProject(
  db: Db,
  principal: Principal,
  projectId: string,
  changes: ProjectChanges,
): Promise<ProjectRow> {
  const project = await assertCanManageProject(db, principal, projectId, "update this project");
  await assertActiveUser(db, changes.leadUserId);
  const values: Partial<NewProject> = {};
  if (changes.name !== undefined) values.name = changes.name;
  if (changes.description !== undefined) values.description = changes.description;
  if (changes.leadUserId !== undefined) values.leadUserId = changes.leadUserId;
  if (Object.keys(values).length === 0) return project;
  try {
    const updated = await updateProject(db, project.id, values);
    if (!updated) throw projectNotFound();
    markChanged(db, "projects");
    return updated;
  } catch (error) {
    throw explainWriteError(error);
  }
}

/** Deletes a project with its members, policies and objectives; its workflows stay, without a project. */
export async function removeProject(db: Db, principal: Principal, projectId: string): Promise<void> {
  const project = await assertCanManageProject(db, principal, projectId, "delete this project");
  await deleteProject(db, project.id);
  // Its members, policies and objectives went with it.
  markChanged(db, "projects", "project_members", "policies", "objectives");
}

/** The project's members, earliest first. */
export async function listProjectMembers(db: Db, projectId: string): Promise<ProjectMemberRow[]> {
  const project = await getProject(db, projectId);
  return findProjectMembers(db, project.id);
}

/** Adds any active user, from any team, to a project the caller manages. */
export async function addProjectMember(
  db: Db,
  principal: Principal,
  projectId: string,
  member: { userId: string; role: string },
): Promise<ProjectMemberRow> {
  const project = await assertCanManageProject(db, principal, projectId, "add members to this project");
  await assertActiveUser(db, member.userId);
  if (await findProjectMember(db, project.id, member.userId)) throw alreadyMember();
  try {
    const added = await createProjectMember(db, { projectId: project.id, userId: member.userId, role: member.role });
    markChanged(db, "project_members");
    return added;
  } catch (error) {
    if (isUniqueViolation(error)) throw alreadyMember();
    throw explainWriteError(error);
  }
}

/** Removes a member from a project the caller manages. */
export async function removeProjectMember(
  db: Db,
  principal: Principal,
  projectId: string,
  userId: string,
): Promise<void> {
  const project = await assertCanManageProject(db, principal, projectId, "remove members from this project");
  if (!(await deleteProjectMember(db, project.id, userId))) {
    throw notFound("Project member not found", "project_member_not_found");
  }
  markChanged(db, "project_members");
}

async function assertActiveUser(db: Db, userId: string | null | undefined): Promise<void> {
  if (!userId) return;
  const user = await findUserById(db, userId);
  if (!user?.isActive) throw userNotFound();
}

/** Checks run before writing; these cover what changed between a check and the write. */
function explainWriteError(error: unknown, slug?: string): unknown {
  if (slug !== undefined && isUniqueViolation(error)) return slugTaken(slug);
  if (isForeignKeyViolation(error)) {
    const constraint = postgresConstraint(error) ?? "";
    if (constraint.endsWith("_user_id_users_id_fk")) return userNotFound();
    if (constraint === "projects_team_id_teams_id_fk") return notFound("Team not found", "team_not_found");
    if (constraint === "project_members_project_id_projects_id_fk") return projectNotFound();
  }
  return error;
}
