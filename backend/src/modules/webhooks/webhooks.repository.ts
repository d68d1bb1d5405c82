import { and, desc, eq, inArray, isNotNull, isNull, lt, lte, or, sql } from "drizzle-orm";
import type { Db } from "../../db/client.js";
import { teams, type WebhookDeliveryStatus, webhookDeliveries, webhookEvents, webhooks } from "../../db/schema.js";

export type WebhookRow = typeof webhooks.$inferSelect;
export type NewWebhook = typeof webhooks.$inferInsert;
export type DeliveryRow = typeof webhookDeliveries.$inferSelect;
export type WebhookEventRow = typeof webhookEvents.$inferSelect;
export type LastDelivery = { status: WebhookDeliveryStatus; responseCode: number | null; at: Date };
export type WebhookListing = WebhookRow & { teamName: string | null; lastDelivery: LastDelivery | null };

/** How long a replica's claim on a delivery holds: well beyond a send's timeout. */
const LEASE = sql`interval '60 seconds'`;
const afterMs = (ms: number) => sql`now() + ${ms} * interval '1 millisecond'`;

export async function createWebhook(db: Db, values: NewWebhook): Promise<WebhookRow> {
  const [row] = await db.insert(webhooks).values(values).returning();
  if (!row) throw new Error("insert returned no webhook");
  return row;
}

export async function findWebhookById(db: Db, id: string): Promise<WebhookRow | null> {
  const [row] = await db.select().from(webhooks).where(eq(webhooks.id, id));
  return row ?? null;
}

/** Webhooks with their team's name and latest attempt; `teamIds` narrows to those teams' webhooks. */
export async function findWebhookListings(
  db: Db,
  filter: { ids?: string[]; teamIds?: string[] },
): Promise<WebhookListing[]> {
  const conditions = [];
  if (filter.ids) conditions.push(inArray(webhooks.id, filter.ids));
  if (filter.teamIds) conditions.push(inArray(webhooks.teamId, filter.teamIds));
  if ((filter.ids && filter.ids.length === 0) || (filter.teamIds && filter.teamIds.length === 0)) return [];
  const rows = await db
    .select({ webhook: webhooks, teamName: teams.name })
    .from(webhooks)
    .leftJoin(teams, eq(teams.id, webhooks.teamId))
    .where(and(...conditions))
    .orderBy(desc(webhooks.createdAt), desc(webhooks.id));
  if (rows.length === 0) return [];
  // A delivery just queued (a test event, say) counts too, as pending: the list then shows it is
  // on its way, and the web UI keeps asking until it has an outcome.
  const lastActivity = sql<Date>`coalesce(${webhookDeliveries.lastAttemptAt}, ${webhookDeliveries.createdAt})`.mapWith(
    webhookDeliveries.createdAt,
  );
  const latest = await db
    .selectDistinctOn([webhookDeliveries.webhookId], {
      webhookId: webhookDeliveries.webhookId,
      status: webhookDeliveries.status,
      responseCode: webhookDeliveries.responseCode,
      at: lastActivity,
    })
    .from(webhookDeliveries)
    .where(
      inArray(
        webhookDeliveries.webhookId,
        rows.map((row) => row.webhook.id),
      ),
    )
    .orderBy(webhookDeliveries.webhookId, desc(lastActivity));
  const byWebhook = new Map(latest.map((entry) => [entry.webhookId, entry]));
  return rows.map(({ webhook, teamName }) => {
    const last = byWebhook.get(webhook.id);
    return {
      ...webhook,
      teamName,
      lastDelivery: last?.at ? { status: last.status, responseCode: last.responseCode, at: last.at } : null,
    };
  });
}

export async function updateWebhook(db: Db, id: string, changes: Partial<NewWebhook>): Promise<WebhookRow | null> {
  const [row] = await db
    .update(webhooks)
    .set({ ...changes, updatedAt: sql`clock_timestamp()` })
    .where(eq(webhooks.id, id))
    .returning();
  return row ?? null;
}

export async function deleteWebhook(db: Db, id: string): Promise<void> {
  await db.delete(webhooks).where(eq(webhooks.id, id));
}

export async function createDelivery(
  db: Db,
  values: Omit<typeof webhookDeliveries.$inferInsert, "retryUntil"> & { retryForMs: number },
): Promise<DeliveryRow> {
  const { retryForMs, ...rest } = values;
  const [row] = await db
    .insert(webhookDeliveries)
    .values({ ...rest, retryUntil: afterMs(retryForMs) })
    .returning();
  if (!row) throw new Error("insert returned no delivery");
  return row;
}

export async function findDelivery(db: Db, webhookId: string, id: string): Promise<DeliveryRow | null> {
  const [row] = await db
    .select()
    .from(webhookDeliveries)
    .where(and(eq(webhookDeliveries.webhookId, webhookId), eq(webhookDeliveries.id, id)));
  return row ?? null;
}

/** A page of a webhook's deliveries, newest first, starting below `beforeSeq`. */
export async function findDeliveries(
  db: Db,
  webhookId: string,
  options: { status?: WebhookDeliveryStatus; beforeSeq?: number; limit: number },
): Promise<DeliveryRow[]> {
  return db
    .select()
    .from(webhookDeliveries)
    .where(
      and(
        eq(webhookDeliveries.webhookId, webhookId),
        options.status ? eq(webhookDeliveries.status, options.status) : undefined,
        options.beforeSeq !== undefined ? lt(webhookDeliveries.seq, options.beforeSeq) : undefined,
      ),
    )
    .orderBy(desc(webhookDeliveries.seq))
    .limit(options.limit);
}

/** Queues a delivery again now, with a fresh retry window; its id and attempts stay. */
export async function requeueDelivery(db: Db, id: string, retryForMs: number): Promise<DeliveryRow | null> {
  const [row] = await db
    .update(webhookDeliveries)
    .set({
      status: "pending",
      nextAttemptAt: sql`now()`,
      retryUntil: afterMs(retryForMs),
      lockedUntil: null,
    })
    .where(eq(webhookDeliveries.id, id))
    .returning();
  return row ?? null;
}

/** The outbox row of an event, in the transaction of the change it reports. */
export async function createWebhookEvent(tx: Db, values: typeof webhookEvents.$inferInsert): Promise<void> {
  await tx.insert(webhookEvents).values(values);
}

/** Whether any event waits to be fanned out: an idle poll asks this and opens no transaction. */
export async function hasUnfannedEvents(db: Db): Promise<boolean> {
  const [row] = await db
    .select({ id: webhookEvents.id })
    .from(webhookEvents)
    .where(isNull(webhookEvents.fannedOutAt))
    .limit(1);
  return row !== undefined;
}

/**
 * Takes events not fanned out yet, locked so that two replicas never fan out the same one (each
 * skips the other's), in the caller's transaction.
 */
export async function claimUnfannedEvents(tx: Db, limit: number): Promise<WebhookEventRow[]> {
  return tx
    .select()
    .from(webhookEvents)
    .where(isNull(webhookEvents.fannedOutAt))
    .orderBy(webhookEvents.createdAt)
    .limit(limit)
    .for("update", { skipLocked: true });
}

/**
 * Active webhooks subscribed to the event that existed when it happened, organization-wide or
 * scoped to the event's team or a team above it.
 */
export async function findSubscribers(db: Db, event: WebhookEventRow): Promise<string[]> {
  const rows = await db.execute(sql`
    with recursive chain(id) as (
      select ${event.teamId}::uuid where ${event.teamId}::uuid is not null
      union all
      select t.parent_team_id from teams t join chain c on t.id = c.id where t.parent_team_id is not null
    )
    select w.id from webhooks w
    where w.active and ${event.type} = any(w.events) and w.created_at <= (select e.created_at from webhook_events e where e.id = ${event.id})
      and (w.team_id is null or w.team_id in (select id from chain))`);
  return (rows as unknown as { rows: { id: string }[] }).rows.map((row) => row.id);
}

export async function insertFannedDeliveries(
  tx: Db,
  rows: Omit<typeof webhookDeliveries.$inferInsert, "retryUntil">[],
  retryForMs: number,
): Promise<void> {
  if (rows.length === 0) return;
  await tx
    .insert(webhookDeliveries)
    .values(rows.map((row) => ({ ...row, retryUntil: afterMs(retryForMs) })))
    .onConflictDoNothing();
}

export async function markEventsFannedOut(tx: Db, ids: string[]): Promise<void> {
  if (ids.length === 0) return;
  await tx.update(webhookEvents).set({ fannedOutAt: sql`now()` }).where(inArray(webhookEvents.id, ids));
}

export type ClaimedDelivery = DeliveryRow & { url: string; secret: string };

/**
 * Claims due deliveries of active webhooks with a lease: rows another replica is claiming are
 * skipped, and a claim whose replica died lapses when the lease ends. Counts the attempt.
 */
export async function claimDueDeliveries(db: Db, limit: number): Promise<ClaimedDelivery[]> {
  const due = db
    .select({ id: webhookDeliveries.id })
    .from(webhookDeliveries)
    .innerJoin(webhooks, eq(webhooks.id, webhookDeliveries.webhookId))
    .where(
      and(
        eq(webhookDeliveries.status, "pending"),
        lte(webhookDeliveries.nextAttemptAt, sql`now()`),
        or(isNull(webhookDeliveries.lockedUntil), lt(webhookDeliveries.lockedUntil, sql`now()`)),
        eq(webhooks.active, true),
      ),
    )
    .orderBy(webhookDeliveries.nextAttemptAt)
    .limit(limit)
    .for("update", { of: webhookDeliveries, skipLocked: true });
  const claimed = await db
    .update(webhookDeliveries)
    .set({
      lockedUntil: sql`now() + ${LEASE}`,
      attempts: sql`${webhookDeliveries.attempts} + 1`,
      lastAttemptAt: sql`now()`,
    })
    .where(inArray(webhookDeliveries.id, due))
    .returning();
  if (claimed.length === 0) return [];
  const targets = await db
    .select({ id: webhooks.id, url: webhooks.url, secret: webhooks.secret })
    .from(webhooks)
    .where(
      inArray(
        webhooks.id,
        claimed.map((row) => row.webhookId),
      ),
    );
  const byId = new Map(targets.map((target) => [target.id, target]));
  return claimed.flatMap((row) => {
    const target = byId.get(row.webhookId);
    return target ? [{ ...row, url: target.url, secret: target.secret }] : [];
  });
}

export async function recordSuccess(
  db: Db,
  id: string,
  outcome: { responseCode: number | null; durationMs: number },
): Promise<void> {
  await db
    .update(webhookDeliveries)
    .set({
      status: "succeeded",
      responseCode: outcome.responseCode,
      durationMs: outcome.durationMs,
      error: null,
      nextAttemptAt: null,
      lockedUntil: null,
      deliveredAt: sql`now()`,
    })
    .where(and(eq(webhookDeliveries.id, id), eq(webhookDeliveries.status, "pending")));
}

/** Schedules the next attempt after `retryInMs`, or marks the delivery failed when that is past its window. */
export async function recordFailure(
  db: Db,
  id: string,
  outcome: { responseCode: number | null; durationMs: number; error: string },
  retryInMs: number,
): Promise<void> {
  const next = afterMs(retryInMs);
  const pastWindow = sql`${next} > ${webhookDeliveries.retryUntil}`;
  await db
    .update(webhookDeliveries)
    .set({
      status: sql`case when ${pastWindow} then 'failed' else 'pending' end`,
      nextAttemptAt: sql`case when ${pastWindow} then null else ${next} end`,
      responseCode: outcome.responseCode,
      durationMs: outcome.durationMs,
      error: outcome.error,
      lockedUntil: null,
    })
    .where(and(eq(webhookDeliveries.id, id), eq(webhookDeliveries.status, "pending")));
}

/** Removes finished deliveries and fanned-out events older than the retention. */
export async function deleteOldDeliveries(
  db: Db,
  retentionDays: number,
): Promise<{ deliveries: number; events: number }> {
  const cutoff = sql`now() - ${retentionDays} * interval '1 day'`;
  const deliveries = await db
    .delete(webhookDeliveries)
    .where(and(inArray(webhookDeliveries.status, ["succeeded", "failed"]), lt(webhookDeliveries.createdAt, cutoff)))
    .returning({ id: webhookDeliveries.id });
  const events = await db
    .delete(webhookEvents)
    .where(and(isNotNull(webhookEvents.fannedOutAt), lt(webhookEvents.fannedOutAt, cutoff)))
    .returning({ id: webhookEvents.id });
  return { deliveries: deliveries.length, events: events.length };
}
