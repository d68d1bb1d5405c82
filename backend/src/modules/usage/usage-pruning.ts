import type { FastifyBaseLogger } from "fastify";
import type { Db } from "../../db/client.js";
import { pruneUsage } from "./usage.service.js";

export type UsagePruning = { stop(): Promise<void> };

const HOUR_MS = 60 * 60 * 1000;

/**
 * Prunes the expansion log past its retention shortly after start, then hourly. Every replica
 * runs it; their deletes skip each other's rows. A failure is logged and retried next hour.
 */
export function startUsagePruning(
  db: Db,
  log: FastifyBaseLogger,
  timing: { firstAfterMs?: number; everyMs?: number } = {},
): UsagePruning {
  const { firstAfterMs = 90_000, everyMs = HOUR_MS } = timing;
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
    running = pruneUsage(db, { signal: stopping.signal })
      .then((pruned) => {
        if (pruned.events + pruned.rollups > 0) log.info(pruned, "expansion log past its retention pruned");
      })
      .catch((error: unknown) => log.warn({ err: error }, "could not prune the expansion log"))
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
