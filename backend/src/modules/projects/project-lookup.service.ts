import type { Db } from "../../db/client.js";
import { findProjectById, findProjectMember } from "./projects.repository.js";
import type { ProjectRow } from "./projects.types.js";

// Projects as the access rules read them. Kept apart from projects.service, which asks
// access.service before it writes, so that access.service can read projects without an import cycle.

/** The project, or null. */
export async function findProject(db: Db, projectId: string): Promise<ProjectRow | null> {
  return findProjectById(db, projectId);
}

/** Whether the user was added to the project as a member. */
export async function isProjectMember(db: Db, projectId: string, userId: string): Promise<boolean> {
  return (await findProjectMember(db, projectId, userId)) !== null;
}
