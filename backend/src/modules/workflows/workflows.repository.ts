import { and, desc, eq, inArray, or, type SQL, sql } from "drizzle-orm";
import type { Db } from "../../db/client.js";
import { workflows } from "../../db/schema.js";
import { sharedWithViewer, sharedWithViewerAmong } from "../access/share-reach.js";

export type WorkflowRow = typeof workflows.$inferSelect;
export type NewWorkflow = typeof workflows.$inferInsert;

/** Who is looking: decides which workflows a list may contain. */
export type WorkflowAudience = { userId: string; isAdmin: boolean } | null;

/** Table-qualified: drizzle leaves columns bare in join-less queries, and a bare id would mean the share's. */
const outerWorkflowId = sql`${workflows}.${sql.identifier("id")}`;

/** Whether the outer workflow is shared with the viewer, in person or through one of their teams. */
const sharedWith = (viewerId: string | null): SQL<boolean> => sharedWithViewer("workflow", outerWorkflowId, viewerId);

/** The same rule as a list filter: the workflows shared with the user, gathered once per query. */
const sharedWithUserAmong = (userId: string): SQL<boolean> =>
  sharedWithViewerAmong("workflow", outerWorkflowId, userId);

export async function findWorkflowById(
  db: Db,
  id: string,
  viewerId: string | null,
): Promise<{ workflow: WorkflowRow; sharedWithCaller: boolean } | null> {
  const [row] = await db
    .select({ workflow: workflows, sharedWithCaller: sharedWith(viewerId) })
    .from(workflows)
    .where(eq(workflows.id, id));
  return row ?? null;
}

export type WorkflowFilter = { userId?: string; projectId?: string };

/** Workflows the audience may see, newest update first. */
export async function findWorkflows(
  db: Db,
  audience: WorkflowAudience,
  filter: WorkflowFilter,
): Promise<WorkflowRow[]> {
  const conditions: (SQL | undefined)[] = [];
  if (!audience) conditions.push(eq(workflows.visibility, "public"));
  else if (!audience.isAdmin) {
    conditions.push(
      or(
        inArray(workflows.visibility, ["public", "org"]),
        eq(workflows.userId, audience.userId),
        sharedWithUserAmong(audience.userId),
      ),
    );
  }
  if (filter.userId) {
    conditions.push(or(eq(workflows.userId, filter.userId), sharedWithUserAmong(filter.userId)));
  }
  if (filter.projectId) conditions.push(eq(workflows.projectId, filter.projectId));
  return db
    .select()
    .from(workflows)
    .where(and(...conditions))
    .orderBy(desc(workflows.updatedAt), desc(workflows.id));
}

export async function createWorkflow(db: Db, values: NewWorkflow): Promise<WorkflowRow> {
  const [row] = await db.insert(workflows).values(values).returning();
  if (!row) throw new Error("insert returned no row");
  return row;
}

export async function updateWorkflow(db: Db, id: string, values: Partial<NewWorkflow>): Promise<WorkflowRow | null> {
  const [row] = await db
    .update(workflows)
    .set({ ...values, updatedAt: new Date() })
    .where(eq(workflows.id, id))
    .returning();
  return row ?? null;
}

export async function deleteWorkflow(db: Db, id: string): Promise<void> {
  await db.delete(workflows).where(eq(workflows.id, id));
}
