import type { Db } from "../../db/client.js";
import { AppError, forbidden, unprocessable } from "../../http/errors.js";
import type { Principal } from "../../http/types.js";
import { canManageProject, canManageTeam, isAdmin, isOwnerOrAdmin } from "../access/access.service.js";
import { getProject } from "../projects/projects.service.js";
import { getPrompt } from "../prompts/prompts.service.js";
import { getOrgSettings } from "../settings/settings.service.js";
import { listManagedTeamIds } from "../teams/team-lookup.service.js";
import { canManageWorkflow } from "../workflows/workflows.service.js";
import {
  type AuditEventRow,
  type AuditFilter,
  allowAuditPruning,
  deleteAuditEventsBefore,
  findAuditEvents,
  findAuditTargetName,
} from "./audit.repository.js";

export type AuditQuery = {
  actor?: string;
  targetType?: string;
  targetId?: string;
  /** An action, or a prefix ending in `*`. */
  action?: string;
  from?: Date;
  to?: Date;
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function filterOf(query: AuditQuery): AuditFilter {
  if (query.from && query.to && query.from > query.to) {
    throw unprocessable("from must not be later than to", "invalid_time_range");
  }
  const action = query.action?.endsWith("*") ? { prefix: query.action.slice(0, -1) } : query.action;
  return {
    actorUserId: query.actor,
    targetType: query.targetType,
    targetId: query.targetId,
    action: typeof action === "string" ? { exact: action } : action,
    from: query.from,
    to: query.to,
  };
}

/** Not found counts as "may not": the history of something one cannot see is not one's to read. */
async function unlessNotFound(check: () => Promise<boolean>): Promise<boolean> {
  try {
    return await check();
  } catch (error) {
    if (error instanceof AppError && error.statusCode === 404) return false;
    throw error;
  }
}

/**
 * Whether the caller may change the target, and so read its whole history. Prompts are found by
 * the name their events gave them (names never change), then asked of the prompts feature.
 */
async function canManageTarget(db: Db, principal: Principal, type: string, id: string): Promise<boolean> {
  switch (type) {
    case "prompt":
      return unlessNotFound(async () => {
        const name = (await findAuditTargetName(db, "prompt", id)) ?? id;
        const { prompt } = await getPrompt(db, principal, name);
        return (prompt.id === id || prompt.name === id) && isOwnerOrAdmin(principal, prompt.userId);
      });
    case "workflow":
      return UUID.test(id) && canManageWorkflow(db, principal, id);
    case "team":
      return UUID.test(id) && canManageTeam(db, principal, id);
    case "project":
      return UUID.test(id) && unlessNotFound(async () => canManageProject(db, principal, await getProject(db, id)));
    case "user":
      return id === principal.user.id;
    default:
      return false;
  }
}

/**
 * What the caller may read of the audit log, narrowed by their query: admins everything; anyone
 * their own actions (`actor` = themself) and the history of a target they may change; team
 * owners the events of the teams they manage. Anything else is a 403 saying what is allowed.
 */
async function readableFilter(db: Db, principal: Principal, query: AuditQuery): Promise<AuditFilter> {
  const filter = filterOf(query);
  if (isAdmin(principal)) return filter;
  if (query.actor === principal.user.id) return filter;
  if (query.targetType && query.targetId && (await canManageTarget(db, principal, query.targetType, query.targetId))) {
    return filter;
  }
  const teamIds = await listManagedTeamIds(db, principal.user.id);
  if (teamIds.length > 0) return { ...filter, teamIds };
  throw forbidden(
    "You may read your own actions (actor=<your user id>) and the history of what you own " +
      "(target_type and target_id); team owners also read their teams' events, admins everything",
    "audit_forbidden",
  );
}

const CURSOR_PREFIX = "e";

const encodeCursor = (id: number) => Buffer.from(`${CURSOR_PREFIX}${id}`).toString("base64url");

function decodeCursor(cursor: string): number {
  const text = Buffer.from(cursor, "base64url").toString();
  const id = Number(text.slice(CURSOR_PREFIX.length));
  if (!text.startsWith(CURSOR_PREFIX) || !Number.isSafeInteger(id) || id < 1) {
    throw unprocessable("cursor is not one this API gave; start again without it", "invalid_cursor");
  }
  return id;
}

export type AuditPage = { items: AuditEventRow[]; nextCursor: string | null };

/** One page of the events the caller may read, newest first; `nextCursor` leads to older ones. */
export async function listAuditEvents(
  db: Db,
  principal: Principal,
  query: AuditQuery,
  page: { cursor?: string; limit: number },
): Promise<AuditPage> {
  const beforeId = page.cursor === undefined ? undefined : decodeCursor(page.cursor);
  const filter = await readableFilter(db, principal, query);
  const rows = await findAuditEvents(db, filter, { beforeId, limit: page.limit + 1 });
  const items = rows.slice(0, page.limit);
  const last = items[items.length - 1];
  return { items, nextCursor: rows.length > page.limit && last ? encodeCursor(last.id) : null };
}

const EXPORT_BATCH = 500;

/**
 * Every event the caller may read, newest first, in batches read one after the other as the
 * consumer takes them: an export of any size holds one batch in memory. Access is checked
 * before the first batch.
 */
export async function exportAuditEvents(
  db: Db,
  principal: Principal,
  query: AuditQuery,
): Promise<AsyncIterable<AuditEventRow[]>> {
  const filter = await readableFilter(db, principal, query);
  return (async function* batches() {
    let beforeId: number | undefined;
    for (;;) {
      const rows = await findAuditEvents(db, filter, { beforeId, limit: EXPORT_BATCH });
      if (rows.length > 0) yield rows;
      const last = rows[rows.length - 1];
      if (rows.length < EXPORT_BATCH || !last) return;
      beforeId = last.id;
    }
  })();
}

const DAY_MS = 24 * 60 * 60 * 1000;

export type PruneOptions = {
  now?: Date;
  /** Rows deleted per transaction, so pruning never holds many locks or a long transaction. */
  batchSize?: number;
  /** Checked between batches: shutting down stops a long pruning early. */
  signal?: AbortSignal;
};

/**
 * Deletes the events older than the retention setting (`audit_retention_days`; null keeps them),
 * oldest first, in small transactions; how many it deleted.
 */
export async function pruneAuditEvents(db: Db, options: PruneOptions = {}): Promise<number> {
  const days = (await getOrgSettings(db)).auditRetentionDays;
  if (days === null) return 0;
  const cutoff = new Date((options.now ?? new Date()).getTime() - days * DAY_MS);
  const batchSize = options.batchSize ?? 1000;
  let total = 0;
  while (!options.signal?.aborted) {
    const deleted = await db.transaction(async (tx) => {
      await allowAuditPruning(tx);
      return deleteAuditEventsBefore(tx, cutoff, batchSize);
    });
    total += deleted;
    if (deleted < batchSize) break;
  }
  return total;
}
