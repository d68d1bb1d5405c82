import { and, count, desc, eq, inArray, or, type SQL, sql } from "drizzle-orm";
import type { Db } from "../../db/client.js";
import { workflows } from "../../db/schema.js";
import { sharedWithViewer, sharedWithViewerAmong } from "../access/share-reach.js";
import type { WorkflowPageKey } from "./workflows.types.js";

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

export type WorkflowFilter = {
  userId?: string;
  projectId?: string;
  /** This name, in any case (how MCP clients name a workflow to run). */
  name?: string;
};

/** The audience's visibility rule and the filter, as one condition every listing shares. */
function listConditions(audience: WorkflowAudience, filter: WorkflowFilter): SQL | undefined {
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
  if (filter.name !== undefined) conditions.push(sql`lower(${workflows.name}) = lower(${filter.name})`);
  return and(...conditions);
}

/** Newest update first; the id orders workflows updated in the same microsecond. */
const newestFirst = [desc(workflows.updatedAt), desc(workflows.id)];

/** Workflows the audience may see, newest update first. */
export async function findWorkflows(
  db: Db,
  audience: WorkflowAudience,
  filter: WorkflowFilter,
): Promise<WorkflowRow[]> {
  return db
    .select()
    .from(workflows)
    .where(listConditions(audience, filter))
    .orderBy(...newestFirst);
}

export type WorkflowPageRequest = {
  limit: number;
  /** Rows skipped after `after` (or from the start). */
  offset: number;
  after?: WorkflowPageKey;
};

/** `updated_at` exactly, as an integer: a JavaScript date would drop the microseconds. */
const updatedMicros = sql<number>`(extract(epoch from ${workflows.updatedAt}) * 1000000)::bigint`.mapWith(Number);

/**
 * One page of the workflows the audience may see, newest update first, chosen in the database on
 * an order that keys can resume (`after`); `remaining` counts every row after `after`, the page
 * included, so callers can say how many are left.
 */
export async function findWorkflowPage(
  db: Db,
  audience: WorkflowAudience,
  page: WorkflowPageRequest,
): Promise<{ rows: WorkflowRow[]; last: WorkflowPageKey | null; remaining: number }> {
  const after = page.after
    ? sql`(${workflows.updatedAt}, ${workflows.id}) <
        (timestamptz 'epoch' + ${page.after.updatedMicros}::bigint * interval '1 microsecond', ${page.after.id}::uuid)`
    : undefined;
  const where = and(listConditions(audience, {}), after);
  const [rows, [counted]] = await Promise.all([
    db
      .select({ workflow: workflows, updatedMicros })
      .from(workflows)
      .where(where)
      .orderBy(...newestFirst)
      .limit(page.limit)
      .offset(page.offset),
    db.select({ n: count() }).from(workflows).where(where),
  ]);
  const lastRow = rows.at(-1);
  return {
    rows: rows.map((row) => row.workflow),
    last: lastRow ? { updatedMicros: lastRow.updatedMicros, id: lastRow.workflow.id } : null,
    remaining: counted?.n ?? 0,
  };
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
