import type { FastifyBaseLogger } from "fastify";

export type PeriodicJob = { stop(): Promise<void> };

const HOUR_MS = 60 * 60 * 1000;

export type PeriodicJobOptions = {
  /** What the log lines call the job, e.g. "audit pruning". */
  name: string;
  /** One run; returns what to log (nothing when there was nothing to do). */
  run(signal: AbortSignal): Promise<Record<string, number> | null>;
  firstAfterMs?: number;
  everyMs?: number;
};

/**
 * Runs a maintenance job shortly after start and then every hour, one run at a time, until
 * stopped. Every replica runs it (the jobs skip each other's rows); a failure is logged and
 * retried next time. Stopping waits for the run in progress, which the signal asks to end early.
 */
export function startPeriodicJob(log: FastifyBaseLogger, options: PeriodicJobOptions): PeriodicJob {
  const { name, firstAfterMs = 60_000, everyMs = HOUR_MS } = options;
  const stopping = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;

  const schedule = (ms: number) => {
    if (stopping.signal.aborted) return;
    timer = setTimeout(run, ms);
    // A pending run must not keep a finished process alive.
    timer.unref();
  };
  const run = () => {
    running = options
      .run(stopping.signal)
      .then((done) => {
        if (done) log.info(done, `${name} done`);
      })
      .catch((error: unknown) => log.warn({ err: error }, `${name} failed`))
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
