import type { FastifyBaseLogger } from "fastify";
import type { Db } from "../../db/client.js";
import { isDatabaseUnreachable } from "../../db/client.js";
import type { UsageCallerType, UsageChannel, UsageSource } from "../../db/schema.js";
import { AppError } from "../../http/errors.js";
import type { Principal } from "../../http/principal.js";
import { inSpan } from "../../observability/tracing.js";
import { insertUsageRows, type NewUsageRow } from "./usage.repository.js";
import { excerptOf } from "./usage-excerpt.js";

/** One expansion attempt, successful or not: a row of the expansion log. */
export type UsageEvent = {
  /** When it happened. */
  occurredAt: Date;
  promptName: string;
  /** The version served, or what was asked for ("latest" when none) when the expansion failed. */
  promptVersion: string;
  /** The label asked for, or the one that served by default; null when an exact version was asked for. */
  label: string | null;
  statusCode: number;
  /** The error's code and message (an AppError's detail) when it failed. */
  errorCode: string | null;
  errorMessage: string | null;
  latencyMs: number;
  /** `channel` with both MCP doors as `mcp` (the metrics' label). */
  source: UsageSource;
  channel: UsageChannel;
  callerType: UsageCallerType;
  userId: string | null;
  apiKeyId: string | null;
  teamId: string | null;
  projectId: string | null;
  inputBytes: number;
  outputBytes: number | null;
  /** Only while the organization samples usage: bounded and redacted (usage-excerpt.ts). */
  inputExcerpt: string | null;
  outputExcerpt: string | null;
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
  /** Events dropped so far: beyond `maxQueued`, refused by the database, or lost while it was unreachable. */
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

/**
 * Records expansions off the request path: events are queued in memory and written in batches,
 * one statement per batch (log rows and rollups together). When a batch fails, its rows are
 * written one by one so that a bad row loses only itself; the bad ones are logged and dropped.
 * Nothing of this ever reaches the request that produced the events.
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
      return;
    } catch (error) {
      // Without a database every row would fail alike: drop the batch in one go.
      if (rows.length === 1 || isDatabaseUnreachable(error)) {
        dropped += rows.length;
        log.error({ err: error, rows: rows.length }, "could not record prompt usage");
        return;
      }
    }
    for (const row of rows) await write([row]);
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
    const { occurredAt, ...fields } = event;
    queue.push({ ...fields, createdAt: occurredAt, latencyMs: Math.round(event.latencyMs * 1000) / 1000 });
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

/** What is known of an expansion before it runs. */
export type UsageAttempt = {
  promptName: string;
  /** The version asked for; "latest" when none was. */
  promptVersion: string;
  /** The label asked for, if any. */
  label: string | null;
  channel: UsageChannel;
  caller: Principal | null;
  projectId: string | null;
  input: unknown;
  /** Whether to keep excerpts (the `usage_sampling` setting); never rejects. */
  sampling: Promise<boolean> | boolean;
};

/** What an expansion gives back that the log keeps. */
export type UsageOutcome = {
  promptVersion: string;
  label: string | null;
  systemMessage: string | null;
  userMessage: string;
};

/** Longest error message kept: enough for any of ours, bounded against echoed input. */
const ERROR_MESSAGE_MAX = 500;

const sourceOf = (channel: UsageChannel): UsageSource =>
  channel === "mcp_tool" || channel === "mcp_prompt" ? "mcp" : channel;

function callerOf(caller: Principal | null) {
  return {
    callerType: (caller?.apiKey ? "api_key" : caller ? "user" : "anonymous") as UsageCallerType,
    userId: caller?.user.id ?? null,
    apiKeyId: caller?.apiKey?.id ?? null,
    teamId: caller?.user.teamId ?? null,
  };
}

/** The code and message an expansion failed with; unexpected errors say no more than the API does. */
function failureOf(error: unknown): { statusCode: number; errorCode: string; errorMessage: string } {
  const status = (error as { statusCode?: unknown } | null)?.statusCode;
  const statusCode = typeof status === "number" && status >= 400 && status < 600 ? status : 500;
  if (!(error instanceof AppError) || statusCode >= 500) {
    return { statusCode, errorCode: "internal_error", errorMessage: "Internal error" };
  }
  const message = error.detail.replaceAll("\u0000", "");
  return {
    statusCode,
    errorCode: error.code,
    errorMessage: message.length > ERROR_MESSAGE_MAX ? `${message.slice(0, ERROR_MESSAGE_MAX - 1)}…` : message,
  };
}

const outputOf = (outcome: UsageOutcome) =>
  outcome.systemMessage === null ? outcome.userMessage : `${outcome.systemMessage}\n\n${outcome.userMessage}`;

/**
 * Times `run` and records its outcome, the status and message of the error it throws included.
 * Every expansion passes here (REST, MCP tool and prompt, workflow steps), so this is also where
 * its span is made. Input and output are measured, and excerpted only while sampling is on.
 * `run` tells which version it serves as soon as it knows, so that a failure after that (bad
 * input, a template error) is filed under the version that failed.
 */
export function recordUsage<T extends UsageOutcome>(
  usage: UsageRecorder,
  attempt: UsageAttempt,
  run: (served: (version: Pick<UsageOutcome, "promptVersion" | "label">) => void) => Promise<T>,
): Promise<T> {
  const attributes = {
    "spechub.prompt.name": attempt.promptName,
    "spechub.expansion.channel": sourceOf(attempt.channel),
  };
  return inSpan("expansion", attributes, async (span) => {
    const started = performance.now();
    let outcome: UsageOutcome | null = null;
    let failure: ReturnType<typeof failureOf> | null = null;
    // What was served, once known: a failure after that (bad input, a template error) is its version's.
    let served: Pick<UsageOutcome, "promptVersion" | "label"> | null = null;
    try {
      outcome = await run((version) => {
        served = version;
      });
      return outcome as T;
    } catch (error) {
      failure = failureOf(error);
      throw error;
    } finally {
      const latencyMs = performance.now() - started;
      const inputText = JSON.stringify(attempt.input ?? {}) ?? "";
      const output = outcome ? outputOf(outcome) : null;
      const sampling = await attempt.sampling;
      const chosen: Pick<UsageOutcome, "promptVersion" | "label"> = outcome ??
        served ?? { promptVersion: attempt.promptVersion, label: attempt.label };
      const promptVersion = chosen.promptVersion;
      const statusCode = failure?.statusCode ?? 200;
      usage.record({
        occurredAt: new Date(),
        promptName: attempt.promptName,
        promptVersion,
        label: chosen.label,
        statusCode,
        errorCode: failure?.errorCode ?? null,
        errorMessage: failure?.errorMessage ?? null,
        latencyMs,
        source: sourceOf(attempt.channel),
        channel: attempt.channel,
        ...callerOf(attempt.caller),
        projectId: attempt.projectId,
        inputBytes: Buffer.byteLength(inputText),
        outputBytes: output === null ? null : Buffer.byteLength(output),
        inputExcerpt: sampling ? excerptOf(inputText) : null,
        outputExcerpt: sampling && output !== null ? excerptOf(output) : null,
      });
      span.set({ "spechub.prompt.version": promptVersion, "spechub.expansion.status_code": statusCode });
    }
  });
}
