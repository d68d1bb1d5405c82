import type { FastifyBaseLogger } from "fastify";
import type { Db } from "../../db/client.js";
import type { UsageSource } from "../../db/schema.js";
import { postgresErrorCode } from "../../http/errors.js";
import { inSpan } from "../../observability/tracing.js";
import { insertUsageRows, type NewUsageRow } from "./usage.repository.js";

/** One expansion attempt, successful or not. */
export type UsageEvent = {
  promptName: string;
  /** The version served, or what was asked for ("latest" when none) when the expansion failed. */
  promptVersion: string;
  statusCode: number;
  latencyMs: number;
  source: UsageSource;
  userId: string | null;
};

export type UsageRecorder = {
  /** Queues the event; never waits for the database and never throws. */
  record(event: UsageEvent): void;
  /** Writes everything queued so far. */
  flush(): Promise<void>;
  /** Flushes, then writes each later event at once; for shutdown. */
  close(): Promise<void>;
  /** For the metrics endpoint. */
  stats(): UsageRecorderStats;
};

export type UsageRecorderStats = {
  /** Events waiting to be written. */
  queued: number;
  /** Events dropped so far: beyond `maxQueued`, or in a batch the database refused. */
  dropped: number;
};

export type UsageRecorderOptions = {
  /** Longest time an event waits in memory before it is written. */
  flushIntervalMs?: number;
  /** Queue length that triggers a write without waiting for the interval. */
  batchSize?: number;
  /** Events kept while the database is unreachable; the oldest are dropped beyond this. */
  maxQueued?: number;
  /** Told of every event as it is queued (the metrics' expansion counters); must not throw. */
  onRecord?: (event: UsageEvent) => void;
};

/** PostgreSQL's class 22, data exceptions: a NUL character, a number out of range, a malformed id. */
const isBadData = (error: unknown) => postgresErrorCode(error)?.startsWith("22") === true;

/**
 * Records expansions off the request path: events are queued in memory and written in batches,
 * one multi-row insert at a time. A failed insert is logged and its rows dropped (only the bad
 * ones, when the data is at fault); it never reaches the request that produced them.
 */
export function createUsageRecorder(db: Db, log: FastifyBaseLogger, options: UsageRecorderOptions = {}): UsageRecorder {
  const flushIntervalMs = options.flushIntervalMs ?? 250;
  const batchSize = options.batchSize ?? 200;
  const maxQueued = options.maxQueued ?? 10_000;

  let queue: NewUsageRow[] = [];
  let timer: NodeJS.Timeout | null = null;
  let writing: Promise<void> = Promise.resolve();
  let closed = false;
  let dropped = 0;

  const write = async (rows: NewUsageRow[]): Promise<void> => {
    try {
      await insertUsageRows(db, rows);
    } catch (error) {
      // One bad row must not lose the rest of its batch: halve the batch until the bad rows stand
      // alone. Only for bad data; any other failure (an unreachable database) would fail every half.
      if (rows.length > 1 && isBadData(error)) {
        const middle = Math.ceil(rows.length / 2);
        await write(rows.slice(0, middle));
        await write(rows.slice(middle));
        return;
      }
      dropped += rows.length;
      log.error({ err: error, rows: rows.length }, "could not record prompt usage");
    }
  };

  /** Writes are chained so batches land in order and `flush` can wait for all of them. */
  const flush = (): Promise<void> => {
    if (timer) {
      clearTimeout(timer);
      timer = null;
    }
    while (queue.length > 0) {
      const batch = queue.splice(0, batchSize);
      writing = writing.then(() => write(batch));
    }
    return writing;
  };

  const record = (event: UsageEvent) => {
    options.onRecord?.(event);
    queue.push({
      promptName: event.promptName,
      promptVersion: event.promptVersion,
      statusCode: event.statusCode,
      latencyMs: Math.round(event.latencyMs * 1000) / 1000,
      source: event.source,
      userId: event.userId,
    });
    if (queue.length > maxQueued) {
      const excess = queue.length - maxQueued;
      queue = queue.slice(excess);
      dropped += excess;
      log.warn({ dropped: excess }, "prompt usage queue full: dropped the oldest events");
    }
    if (closed || queue.length >= batchSize) {
      void flush();
    } else if (!timer) {
      timer = setTimeout(() => void flush(), flushIntervalMs);
      // A pending write must not keep a finished process alive; shutdown flushes explicitly.
      timer.unref();
    }
  };

  return {
    record,
    flush,
    async close() {
      closed = true;
      await flush();
    },
    stats: () => ({ queued: queue.length, dropped }),
  };
}

/**
 * Times `run` and records its outcome, the status of the error it throws included. Every
 * expansion passes here (REST, MCP, workflow steps), so this is also where its span is made.
 */
export function recordUsage<T extends { promptVersion: string }>(
  usage: UsageRecorder,
  event: Omit<UsageEvent, "statusCode" | "latencyMs">,
  run: () => Promise<T>,
): Promise<T> {
  const attributes = { "spechub.prompt.name": event.promptName, "spechub.expansion.channel": event.source };
  return inSpan("expansion", attributes, async (span) => {
    const started = performance.now();
    let statusCode = 500;
    let promptVersion = event.promptVersion;
    try {
      const result = await run();
      statusCode = 200;
      promptVersion = result.promptVersion;
      return result;
    } catch (error) {
      statusCode = statusOf(error);
      throw error;
    } finally {
      usage.record({ ...event, promptVersion, statusCode, latencyMs: performance.now() - started });
      span.set({ "spechub.prompt.version": promptVersion, "spechub.expansion.status_code": statusCode });
    }
  });
}

function statusOf(error: unknown): number {
  const status = (error as { statusCode?: unknown } | null)?.statusCode;
  return typeof status === "number" && status >= 400 && status < 600 ? status : 500;
}
