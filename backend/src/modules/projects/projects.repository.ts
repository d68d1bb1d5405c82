import { and, asc, eq } from "drizzle-orm";
import type { Db } from "../../db/client.js";
import { projectMembers, projects } from "../../db/schema.js";
import type { NewProject, ProjectMemberRow, ProjectRow } from "./projects.types.js";

export async function findProjectById(db: Db, id: string): Promise<ProjectRow | null> {
  const [row] = await db.select().from(projects).where(eq(projects.id, id));
  return row ?? null;
}

export async function findProjectBySlug(db: Db, slug: string): Promise<ProjectRow | null> {
  const [row] = await db.select().from(projects).where(eq(projects.slug, slug));
  return row ?? null;
}

export async function findProjects(db: Db, filter: { teamId?: string }): Promise<ProjectRow[]> {
  return db
    .select()
    .from(projects)
    .where(filter.teamId ? eq(projects.teamId, filter.teamId) : undefined)
    .orderBy(asc(projects.name), asc(projects.id));
}

export async function createProject(db: Db, values: NewProject): Promise<ProjectRow> {
  const [row] = await db.insert(projects).values(values).returning();
  if (!row) throw new Error("insert returned no row");
  return row;
}

export async function updateProject(db: Db, id: string, values: Partial<NewProject>): Promise<ProjectRow | null> {
  const [row] = await db
    .update(projects)
    .set({ ...values, updatedAt: new Date() })
    .where(eq(projects.id, id))
    .returning();
  return row ?? null;
}

export async function deleteProject(db: Db, id: string): Promise<void> {
  await db.delete(projects).where(eq(projects.id, id));
}

export async function findProjectMember(db: Db, projectId: string, userId: string): Promise<ProjectMemberRow | null> {
  const [row] = await db
    .select()
    .from(projectMembers)
    .where(and(eq(projectMembers.projectId, projectId), eq(projectMembers.userId, userId)));
  return row ?? null;
}

export async function findProjectMembers(db: Db, projectId: string): Promise<ProjectMemberRow[]> {
  return db
    .select()
    .from(projectMembers)
    .where(eq(projectMembers.projectId, projectId))
    .orderBy(asc(projectMembers.createdAt), asc(projectMembers.id));
}

export async function createProjectMember(
  db: Db,
  values: typeof projectMembers.$inferInsert,
): Promise<ProjectMemberRow> {
  const [row] = await db.insert(projectMembers).values(values).returning();
  if (!row) throw new Error("insert returned no row");
  return row;
}

/** The membership removed; null when there was none. */
export async function deleteProjectMember(db: Db, projectId: string, userId: string): Promise<ProjectMemberRow | null> {
  const [row] = await db
    .delete(projectMembers)
    .where(and(eq(projectMembers.projectId, projectId), eq(projectMembers.userId, userId)))
    .returning();
  return row ?? null;
}
