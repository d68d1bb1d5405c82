import type { FastifyBaseLogger } from "fastify";
import type { Db } from "../../db/client.js";
import { pruneAuditEvents } from "./audit.service.js";

export type AuditPruning = { stop(): Promise<void> };

const HOUR_MS = 60 * 60 * 1000;

/**
 * Prunes audit events past their retention shortly after start, then hourly. Every replica
 * runs it; their deletes skip each other's rows. A failure is logged and retried next hour.
 */
export function startAuditPruning(
  db: Db,
  log: FastifyBaseLogger,
  timing: { firstAfterMs?: number; everyMs?: number } = {},
): AuditPruning {
  const { firstAfterMs = 60_000, everyMs = HOUR_MS } = timing;
  const stopping = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;

  const schedule = (ms: number) => {
    if (stopping.signal.aborted) return;
    timer = setTimeout(run, ms);
    // A pending pruning must not keep a finished process alive.
    timer.unref();
  };
  const run = () => {
    running = pruneAuditEvents(db, { signal: stopping.signal })
      .then((pruned) => {
        if (pruned > 0) log.info({ pruned }, "audit events past their retention pruned");
      })
      .catch((error: unknown) => log.warn({ err: error }, "could not prune audit events"))
      .finally(() => {
        running = undefined;
        schedule(everyMs);
      });
  };

  schedule(firstAfterMs);
  return {
    async stop() {
      stopping.abort();
      clearTimeout(timer);
      await running;
    },
  };
}
