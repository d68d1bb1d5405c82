import { and, desc, eq, gte, inArray, like, lt, lte, type SQL, sql } from "drizzle-orm";
import type { Db } from "../../db/client.js";
import { auditEvents } from "../../db/schema.js";

export type AuditEventRow = typeof auditEvents.$inferSelect;

export type AuditFilter = {
  actorUserId?: string;
  targetType?: string;
  targetId?: string;
  /** An exact action, or every action starting with `prefix`. */
  action?: { exact: string } | { prefix: string };
  from?: Date;
  to?: Date;
  /** Only events filed under these teams (a team owner's subtree). */
  teamIds?: string[];
};

const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

function conditionsOf(filter: AuditFilter): SQL[] {
  const conditions: SQL[] = [];
  if (filter.actorUserId) conditions.push(eq(auditEvents.actorUserId, filter.actorUserId));
  if (filter.targetType) conditions.push(eq(auditEvents.targetType, filter.targetType));
  if (filter.targetId) conditions.push(eq(auditEvents.targetId, filter.targetId));
  if (filter.action && "exact" in filter.action) conditions.push(eq(auditEvents.action, filter.action.exact));
  if (filter.action && "prefix" in filter.action) {
    conditions.push(like(auditEvents.action, `${escapeLike(filter.action.prefix)}%`));
  }
  if (filter.from) conditions.push(gte(auditEvents.occurredAt, filter.from));
  if (filter.to) conditions.push(lte(auditEvents.occurredAt, filter.to));
  if (filter.teamIds) conditions.push(inArray(auditEvents.teamId, filter.teamIds));
  return conditions;
}

/** Up to `limit` matching events older (by id) than `beforeId`, newest first. */
export async function findAuditEvents(
  db: Db,
  filter: AuditFilter,
  page: { beforeId?: number; limit: number },
): Promise<AuditEventRow[]> {
  const conditions = conditionsOf(filter);
  if (page.beforeId !== undefined) conditions.push(lt(auditEvents.id, page.beforeId));
  return db
    .select()
    .from(auditEvents)
    .where(and(...conditions))
    .orderBy(desc(auditEvents.id))
    .limit(page.limit);
}

/** The name the newest event about a target gave it; null when none did. */
export async function findAuditTargetName(db: Db, targetType: string, targetId: string): Promise<string | null> {
  const [row] = await db
    .select({ name: auditEvents.targetName })
    .from(auditEvents)
    .where(and(eq(auditEvents.targetType, targetType), eq(auditEvents.targetId, targetId)))
    .orderBy(desc(auditEvents.id))
    .limit(1);
  return row?.name ?? null;
}

/**
 * Lets this transaction delete audit events: the append-only trigger (migration 0006) refuses
 * every delete but the retention pruning's, which says so with this setting.
 */
export async function allowAuditPruning(tx: Db): Promise<void> {
  await tx.execute(sql`select set_config('pcp.audit_prune', 'on', true)`);
}

/**
 * Deletes up to `limit` of the oldest events from before `cutoff`; how many. Rows another
 * replica's pruning holds are skipped, not waited for.
 */
export async function deleteAuditEventsBefore(tx: Db, cutoff: Date, limit: number): Promise<number> {
  const oldest = tx
    .select({ id: auditEvents.id })
    .from(auditEvents)
    .where(lt(auditEvents.occurredAt, cutoff))
    .orderBy(auditEvents.id)
    .limit(limit)
    .for("update", { skipLocked: true });
  const deleted = await tx.delete(auditEvents).where(inArray(auditEvents.id, oldest)).returning({ id: auditEvents.id });
  return deleted.length;
}
