import { randomUUID } from "node:crypto";
import type { FastifyBaseLogger } from "fastify";
import type { WebhooksConfig } from "../../config.js";
import type { Db } from "../../db/client.js";
import { type PeriodicJob, startPeriodicJob } from "../../lib/periodic-job.js";
import { allowsPrivateWebhooks } from "../settings/settings.service.js";
import { sendDelivery } from "./webhook-sender.js";
import {
  type ClaimedDelivery,
  claimDueDeliveries,
  claimUnfannedEvents,
  findSubscribers,
  hasUnfannedEvents,
  insertFannedDeliveries,
  markEventsFannedOut,
  recordFailure,
  recordSuccess,
} from "./webhooks.repository.js";

/** Deliveries are retried for this long after they were queued, then marked failed. */
export const RETRY_WINDOW_MS = 24 * 60 * 60 * 1000;
/** However often a delivery has failed, the next attempt comes within this. */
const MAX_RETRY_DELAY_MS = 60 * 60 * 1000;
const EVENTS_PER_RUN = 100;
/** Sent side by side, so one slow receiver does not hold the others up for its whole timeout. */
const DELIVERIES_PER_RUN = 20;

/** `base × 2^(attempts − 1)`, capped: 10 s, 20 s, 40 s … up to an hour between attempts. */
export const retryDelayMs = (retryBaseMs: number, attempts: number): number =>
  Math.min(MAX_RETRY_DELAY_MS, retryBaseMs * 2 ** Math.max(0, Math.min(attempts - 1, 30)));

/**
 * Turns outbox events into one delivery per subscribed webhook. The events are locked while this
 * replica fans them out and marked in the same transaction, so each is fanned out exactly once
 * however many replicas poll; the unique (webhook, event) pair would stop a double anyway.
 */
export async function fanOutEvents(db: Db): Promise<number> {
  if (!(await hasUnfannedEvents(db))) return 0;
  return db.transaction(async (tx) => {
    const events = await claimUnfannedEvents(tx, EVENTS_PER_RUN);
    let queued = 0;
    for (const event of events) {
      const subscribers = await findSubscribers(tx, event);
      const rows = subscribers.map((webhookId) => {
        const id = randomUUID();
        // The body's id is the delivery's: the idempotency id receivers deduplicate on.
        return { id, webhookId, eventId: event.id, event: event.type, payload: { id, ...event.payload } };
      });
      await insertFannedDeliveries(tx, rows, RETRY_WINDOW_MS);
      queued += rows.length;
    }
    await markEventsFannedOut(
      tx,
      events.map((event) => event.id),
    );
    return queued;
  });
}

/**
 * Sends the deliveries that are due, outside any transaction (a slow receiver must not hold a
 * database connection or locks), and records each outcome: success, the next attempt, or failed
 * once the retry window is over.
 */
export async function deliverDue(
  db: Db,
  config: WebhooksConfig,
  signal: AbortSignal,
): Promise<{ succeeded: number; failed: number }> {
  const claimed = await claimDueDeliveries(db, DELIVERIES_PER_RUN);
  if (claimed.length === 0) return { succeeded: 0, failed: 0 };
  const allowPrivate = await allowsPrivateWebhooks(db);
  const results = await Promise.all(claimed.map((delivery) => deliverOne(db, config, delivery, allowPrivate, signal)));
  const succeeded = results.filter(Boolean).length;
  return { succeeded, failed: results.length - succeeded };
}

async function deliverOne(
  db: Db,
  config: WebhooksConfig,
  delivery: ClaimedDelivery,
  allowPrivate: boolean,
  signal: AbortSignal,
): Promise<boolean> {
  const outcome = await sendDelivery({
    url: delivery.url,
    secret: delivery.secret,
    deliveryId: delivery.id,
    event: delivery.event,
    body: JSON.stringify(delivery.payload),
    allowPrivate,
    signal,
  });
  if (outcome.ok) {
    await recordSuccess(db, delivery.id, outcome);
    return true;
  }
  await recordFailure(
    db,
    delivery.id,
    { ...outcome, error: outcome.error ?? "failed" },
    retryDelayMs(config.retryBaseMs, delivery.attempts),
  );
  return false;
}

/**
 * Every replica runs the dispatcher: fan-out and claims skip each other's rows, so adding
 * replicas adds senders, and a replica that dies mid-send leaves a claim that lapses.
 */
export function startWebhookDispatcher(db: Db, log: FastifyBaseLogger, config: WebhooksConfig): PeriodicJob {
  return startPeriodicJob(log, {
    name: "webhook delivery",
    firstAfterMs: config.pollIntervalMs,
    everyMs: config.pollIntervalMs,
    run: async (signal) => {
      const queued = await fanOutEvents(db);
      const sent = await deliverDue(db, config, signal);
      return queued + sent.succeeded + sent.failed > 0 ? { queued, ...sent } : null;
    },
  });
}
