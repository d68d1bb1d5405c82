import type { Db } from "../../db/client.js";
import { markChanged } from "../../db/read-cache.js";
import { conflict, isForeignKeyViolation, isUniqueViolation, notFound, postgresConstraint } from "../../http/errors.js";
import type { Principal } from "../../http/types.js";
import { assertCanManageProject, assertCanManageTeam } from "../access/access.service.js";
import { auditedFields, recordAudit } from "../audit/audit.recorder.js";
import { getActiveUser } from "../users/users.service.js";
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
  updateProject,
} from "./projects.repository.js";
import { toProjectMemberResponse, toProjectResponse } from "./projects.schemas.js";
import type { NewProject, ProjectMemberRow, ProjectRow } from "./projects.types.js";

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

const projectTarget = (project: ProjectRow) => ({ type: "project", id: project.id, name: project.name });
const projectFields = (project: ProjectRow) => auditedFields(toProjectResponse(project));

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
    const project = await db.transaction(async (tx) => {
      const project = await createProject(tx, {
        teamId: input.teamId,
        leadUserId: input.leadUserId ?? null,
        name: input.name,
        slug: input.slug,
        description: input.description ?? null,
      });
      await recordAudit(tx, principal, {
        action: "project.created",
        target: projectTarget(project),
        teamId: project.teamId,
        after: projectFields(project),
      });
      return project;
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
    const updated = await db.transaction(async (tx) => {
      const updated = await updateProject(tx, project.id, values);
      if (!updated) throw projectNotFound();
      await recordAudit(tx, principal, {
        action: "project.updated",
        target: projectTarget(updated),
        teamId: updated.teamId,
        before: projectFields(project),
        after: projectFields(updated),
      });
      return updated;
    });
    markChanged(db, "projects");
    return updated;
  } catch (error) {
    throw explainWriteError(error);
  }
}

/** Deletes a project with its members, policies and objectives; its workflows stay, without a project. */
export async function removeProject(db: Db, principal: Principal, projectId: string): Promise<void> {
  const project = await assertCanManageProject(db, principal, projectId, "delete this project");
  await db.transaction(async (tx) => {
    await deleteProject(tx, project.id);
    await recordAudit(tx, principal, {
      action: "project.deleted",
      target: projectTarget(project),
      teamId: project.teamId,
      before: projectFields(project),
    });
  });
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
    const added = await db.transaction(async (tx) => {
      const added = await createProjectMember(tx, { projectId: project.id, userId: member.userId, role: member.role });
      await recordAudit(tx, principal, {
        action: "project.member_added",
        target: projectTarget(project),
        teamId: project.teamId,
        after: memberFields(added),
      });
      return added;
    });
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
  await db.transaction(async (tx) => {
    const removed = await deleteProjectMember(tx, project.id, userId);
    if (!removed) throw notFound("Project member not found", "project_member_not_found");
    await recordAudit(tx, principal, {
      action: "project.member_removed",
      target: projectTarget(project),
      teamId: project.teamId,
      before: memberFields(removed),
    });
  });
  markChanged(db, "project_members");
}

async function assertActiveUser(db: Db, userId: string | null | undefined): Promise<void> {
  if (userId) await getActiveUser(db, userId);
}

// A membership as the members list shows it: who, in which role.
const memberFields = (member: ProjectMemberRow) => {
  const { project_id: _project, ...fields } = auditedFields(toProjectMemberResponse(member));
  return fields;
};

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
