import { createHash, randomBytes } from "node:crypto";
import type {
  JSONRPCNotification,
  PromptListChangedNotification,
  ToolListChangedNotification,
} from "@modelcontextprotocol/sdk/types.js";
import type { FastifyBaseLogger } from "fastify";
import type { ChangeFeed } from "../db/change-feed.js";
import type { Db } from "../db/client.js";
import { AppError } from "../http/errors.js";
import type { Principal } from "../http/types.js";
import { digestServedPrompts } from "../modules/prompts/prompts.service.js";
import { listWorkflows } from "../modules/workflows/workflows.service.js";
import { TOOLS } from "./mcp.server.js";
import { resumeSession } from "./sessions.service.js";

/**
 * What a caller can list, each part a short hash: `prompts` of what `prompts/list` answers;
 * `tools` of what `tools/list` answers together with what the listing tools (`sh-list`,
 * `sh-workflow-list`) answer, since tool-only clients reach prompts and workflows through them.
 */
export type ListFingerprint = { prompts: string; tools: string };

/** What a client that resumes with an event id we cannot read has been told: nothing we know of. */
const UNKNOWN: ListFingerprint = { prompts: "unknown", tools: "unknown" };

const digest = (value: unknown) => createHash("sha256").update(JSON.stringify(value)).digest("base64url").slice(0, 16);

/**
 * The caller's fingerprint now, from the same listings `prompts/list`, `sh-list` and
 * `sh-workflow-list` use. The prompts part is a digest the database computes over every page
 * (names, descriptions, served versions, which fix the arguments), so no listing is read whole.
 */
export async function fingerprintOf(db: Db, principal: Principal | null): Promise<ListFingerprint> {
  const [prompts, workflows] = await Promise.all([
    digestServedPrompts(db, principal),
    listWorkflows(db, principal, {}),
  ]);
  const promptsPart = digest(prompts);
  return {
    prompts: promptsPart,
    tools: digest({
      tools: TOOLS.map((tool) => tool.listing),
      prompts: promptsPart,
      workflows: workflows.map((workflow) => [workflow.name, workflow.description, workflow.steps.length]),
    }),
  };
}

/**
 * An event id names what the client had been told once it got the event, so that any replica
 * can tell a resuming client what it missed by comparing with the caller's fingerprint now:
 * `<prompts>.<tools>.<nonce>`; the nonce makes every id unique.
 */
export const eventIdOf = (told: ListFingerprint) =>
  `${told.prompts}.${told.tools}.${randomBytes(6).toString("base64url")}`;

const EVENT_ID = /^([\w-]{1,64})\.([\w-]{1,64})\.[\w-]{1,32}$/;

/** What a client resuming from `lastEventId` had been told; a foreign or mangled id counts as nothing. */
export function toldBefore(lastEventId: string): ListFingerprint {
  const match = EVENT_ID.exec(lastEventId);
  return match?.[1] && match[2] ? { prompts: match[1], tools: match[2] } : UNKNOWN;
}

const promptsChanged: PromptListChangedNotification = { method: "notifications/prompts/list_changed" };
const toolsChanged: ToolListChangedNotification = { method: "notifications/tools/list_changed" };

/** One open event stream, as the hub sees it. */
export type ListStream = {
  /** Whose lists it follows: streams of one view share one fingerprint per change. */
  viewKey: string;
  principal: Principal | null;
  /** The session it was opened in, which must stay live; null without one. */
  sessionId: string | null;
  openedAt: number;
  /** What the client has been told so far (the fingerprint in the last event id sent). */
  told: ListFingerprint;
  send(message: JSONRPCNotification, eventId: string): void;
  keepAlive(): void;
  /** Ends the stream cleanly: its client sees it end, and reconnects after the `retry` it was given. */
  end(): void;
  /** Resolves once the connection has closed. */
  readonly closed: Promise<void>;
  /** Drops the connection, for a client that does not read what it was sent. */
  destroy(): void;
};

/**
 * Tells the stream's client what changed since it was last told: the prompts first, then the
 * tools, each event's id saying what the client knows once it has it, so that a client cut off
 * between the two still hears of the second when it resumes.
 */
export function catchUp(stream: ListStream, now: ListFingerprint): void {
  if (stream.told.prompts !== now.prompts) {
    stream.told = { ...stream.told, prompts: now.prompts };
    stream.send({ jsonrpc: "2.0", ...promptsChanged }, eventIdOf(stream.told));
  }
  if (stream.told.tools !== now.tools) {
    stream.told = now;
    stream.send({ jsonrpc: "2.0", ...toolsChanged }, eventIdOf(stream.told));
  }
}

export type ListChangeHubOptions = {
  db: Db;
  changes: ChangeFeed;
  log: FastifyBaseLogger;
  /** Changes within this long of the first are looked at together. */
  debounceMs?: number;
  /** How often an idle stream gets a comment, so proxies and the server's idle timeout keep it. */
  keepAliveMs?: number;
  /**
   * A stream ends after this long and its client reconnects (after the `retry` it was given),
   * identifying itself again: a revoked key or token does not keep a stream for ever.
   */
  maxLifetimeMs?: number;
  maxStreamsPerCaller?: number;
  maxStreams?: number;
};

/** How long shutdown waits for ended streams to reach clients before dropping their connections. */
const SHUTDOWN_GRACE_MS = 2_000;

const DEFAULTS = {
  debounceMs: 250,
  keepAliveMs: 25_000,
  maxLifetimeMs: 30 * 60_000,
  maxStreamsPerCaller: 10,
  maxStreams: 1_000,
};

/** Fingerprints computed at once after a change: enough to be quick, few enough to spare the pool. */
const CONCURRENCY = 4;

export type ListChangeHub = ReturnType<typeof createListChangeHub>;

/**
 * Every event stream of this process, and the change feed that drives them: after a change to
 * what expansions read (from any replica), each distinct view among the open streams is
 * fingerprinted once, and each stream whose client was told another fingerprint hears what
 * changed. After a change to sessions, streams whose session has ended are closed.
 */
export function createListChangeHub(options: ListChangeHubOptions) {
  const { db, changes, log } = options;
  const limits = { ...DEFAULTS, ...options };
  const streams = new Set<ListStream>();
  const reservations = new Map<string, number>();
  let reserved = 0;
  /** Changes seen so far: a stream compares it before and after reading its first fingerprint. */
  let changeCount = 0;
  let sessionsChanged = false;
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> | null = null;
  let again = false;
  let closed = false;
  let waiters: (() => void)[] = [];

  const settle = () => {
    if (timer || running) return;
    const resolved = waiters;
    waiters = [];
    for (const resolve of resolved) resolve();
  };

  const schedule = () => {
    if (closed || streams.size === 0) return settle();
    if (running) {
      again = true;
      return;
    }
    if (timer) return;
    timer = setTimeout(run, limits.debounceMs);
    timer.unref();
  };

  const run = () => {
    timer = null;
    running = evaluate()
      .catch((error: unknown) => log.warn({ err: error }, "could not check MCP list changes"))
      .finally(() => {
        running = null;
        if (again) {
          again = false;
          schedule();
        }
        settle();
      });
  };

  async function evaluate(): Promise<void> {
    const checkSessions = sessionsChanged;
    sessionsChanged = false;
    const views = new Map<string, ListStream[]>();
    for (const stream of streams) {
      const members = views.get(stream.viewKey);
      if (members) members.push(stream);
      else views.set(stream.viewKey, [stream]);
    }
    const pending = [...views.values()];
    const worker = async () => {
      for (let members = pending.shift(); members && !closed; members = pending.shift()) {
        await refreshView(members);
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    if (checkSessions && !closed) await endStreamsOfEndedSessions();
  }

  async function refreshView(members: ListStream[]): Promise<void> {
    const [first] = members;
    if (!first) return;
    let now: ListFingerprint;
    try {
      now = await fingerprintOf(db, first.principal);
    } catch (error) {
      // The next change (the feed reconnecting, if the database went away) tries again.
      log.warn({ err: error }, "could not read an MCP caller's lists");
      return;
    }
    for (const stream of members) if (streams.has(stream)) catchUp(stream, now);
  }

  async function endStreamsOfEndedSessions(): Promise<void> {
    for (const stream of [...streams]) {
      if (stream.sessionId === null) continue;
      try {
        await resumeSession(db, stream.principal, stream.sessionId);
      } catch (error) {
        if (error instanceof AppError && error.statusCode === 404) stream.end();
        else log.warn({ err: error }, "could not check an MCP session");
      }
    }
  }

  const unsubscribe = changes.onChange((topic) => {
    if (topic === "identities") return;
    if (topic === "sessions") sessionsChanged = true;
    changeCount++;
    schedule();
  });

  // One timer for every stream: keep-alives, and the end of streams that have lived long enough.
  const ticker = setInterval(() => {
    const now = Date.now();
    for (const stream of streams) {
      if (now - stream.openedAt >= limits.maxLifetimeMs) stream.end();
      else stream.keepAlive();
    }
  }, limits.keepAliveMs);
  ticker.unref();

  return {
    /** Changes seen so far; see `add`. */
    changeCount: () => changeCount,

    /**
     * Counts a stream about to open against the caller's and the process's limits (429, 503).
     * Returns the function that gives the place back.
     */
    reserve(callerKey: string): () => void {
      if (closed) throw new AppError(503, "shutting_down", "The server is shutting down; reconnect shortly");
      const held = reservations.get(callerKey) ?? 0;
      if (held >= limits.maxStreamsPerCaller) {
        throw new AppError(
          429,
          "too_many_streams",
          `Too many open event streams: at most ${limits.maxStreamsPerCaller} per caller; close one first`,
          { "retry-after": "30" },
        );
      }
      if (reserved >= limits.maxStreams) {
        throw new AppError(503, "too_many_streams", "Too many open event streams on this server; try again later", {
          "retry-after": "30",
        });
      }
      reservations.set(callerKey, held + 1);
      reserved++;
      let released = false;
      return () => {
        if (released) return;
        released = true;
        reserved--;
        const left = (reservations.get(callerKey) ?? 1) - 1;
        if (left > 0) reservations.set(callerKey, left);
        else reservations.delete(callerKey);
      };
    },

    /**
     * Follows a stream whose client was told the fingerprint read when `changeCount()` was
     * `seenChanges`: a change since then is looked at, so none falls between the two.
     */
    add(stream: ListStream, seenChanges: number): () => void {
      if (closed) {
        stream.end();
        return () => {};
      }
      streams.add(stream);
      if (changeCount !== seenChanges) schedule();
      return () => {
        streams.delete(stream);
      };
    },

    /** Resolves once every change seen so far has been looked at (for tests). */
    settled(): Promise<void> {
      return new Promise((resolve) => {
        waiters.push(resolve);
        settle();
      });
    },

    /**
     * Stops listening and ends every stream (their clients reconnect, to another replica if this
     * one is going away). Resolves once their connections have closed, so the server does not
     * wait for them; connections of clients that do not read are dropped after a short grace.
     */
    async close(): Promise<void> {
      closed = true;
      unsubscribe();
      clearInterval(ticker);
      if (timer) clearTimeout(timer);
      timer = null;
      const open = [...streams];
      for (const stream of open) stream.end();
      let grace: NodeJS.Timeout | undefined;
      await Promise.race([
        Promise.all(open.map((stream) => stream.closed)),
        new Promise((resolve) => {
          grace = setTimeout(resolve, SHUTDOWN_GRACE_MS);
        }),
      ]);
      clearTimeout(grace);
      for (const stream of open) stream.destroy();
      streams.clear();
      settle();
    },

    /** Open streams, for tests and health. */
    size: () => streams.size,
  };
}
