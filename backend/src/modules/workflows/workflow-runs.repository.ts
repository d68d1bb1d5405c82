import { and, desc, eq, getTableColumns, inArray, lt, type SQL } from "drizzle-orm";
import type { Db } from "../../db/client.js";
import { type WorkflowRunStatus, workflowRuns } from "../../db/schema.js";

export type WorkflowRunRow = typeof workflowRuns.$inferSelect;
export type NewWorkflowRun = typeof workflowRuns.$inferInsert;

/** A run without its input and step texts: what a list shows. */
export type WorkflowRunSummaryRow = Omit<WorkflowRunRow, "input" | "steps">;

export async function createWorkflowRun(db: Db, values: NewWorkflowRun): Promise<WorkflowRunRow> {
  const [row] = await db.insert(workflowRuns).values(values).returning();
  if (!row) throw new Error("insert returned no row");
  return row;
}

export type WorkflowRunFilter = {
  workflowId: string;
  /** Only this caller's runs; absent for every run. */
  userId?: string;
  status?: WorkflowRunStatus;
  /** Runs recorded before the one with this sequence number. */
  beforeSeq?: number;
};

const { input: _input, steps: _steps, ...summaryColumns } = getTableColumns(workflowRuns);

/** Runs of one workflow, newest first, without their input and steps. */
export async function findWorkflowRuns(
  db: Db,
  filter: WorkflowRunFilter,
  limit: number,
): Promise<WorkflowRunSummaryRow[]> {
  const conditions: SQL[] = [eq(workflowRuns.workflowId, filter.workflowId)];
  if (filter.userId) conditions.push(eq(workflowRuns.userId, filter.userId));
  if (filter.status) conditions.push(eq(workflowRuns.status, filter.status));
  if (filter.beforeSeq !== undefined) conditions.push(lt(workflowRuns.seq, filter.beforeSeq));
  return db
    .select(summaryColumns)
    .from(workflowRuns)
    .where(and(...conditions))
    .orderBy(desc(workflowRuns.seq))
    .limit(limit);
}

export async function findWorkflowRun(db: Db, workflowId: string, runId: string): Promise<WorkflowRunRow | null> {
  const [row] = await db
    .select()
    .from(workflowRuns)
    .where(and(eq(workflowRuns.workflowId, workflowId), eq(workflowRuns.id, runId)));
  return row ?? null;
}

/** Deletes up to `limit` runs that started before `cutoff`, oldest first; how many. */
export async function deleteWorkflowRunsBefore(db: Db, cutoff: Date, limit: number): Promise<number> {
  const oldest = db
    .select({ id: workflowRuns.id })
    .from(workflowRuns)
    .where(lt(workflowRuns.startedAt, cutoff))
    .orderBy(workflowRuns.startedAt)
    .limit(limit);
  const deleted = await db
    .delete(workflowRuns)
    .where(inArray(workflowRuns.id, oldest))
    .returning({ id: workflowRuns.id });
  return deleted.length;
}
