import { randomUUID } from "node:crypto";
import type { PGlite } from "@electric-sql/pglite";
import pg from "pg";

/** The channel migration 0003's triggers notify on every committed change to what expansions read. */
export const CHANGES_CHANNEL = "pcp_changes";

/** How the listening connection shows in pg_stat_activity. */
export const LISTENER_APPLICATION_NAME = "pcp-change-listener";

/**
 * What changed: `data` is everything expansions read; `sessions` is MCP sessions ending (deleted
 * or cut short), kept apart because sessions are written all the time in ways caches may ignore;
 * `identities` is who callers are (users, API keys), kept apart so that ending a session does not
 * empty the caches of what expansions read.
 */
export type ChangeTopic = "data" | "sessions" | "identities";

/**
 * The names of what a write changed, as the database's triggers send them (migrations 0003, 0004
 * and 0006) and as services name their own writes, with the topic each makes stale. `users` is a
 * user's place in the team tree (new users, moves); `identities` any change to a user or a key.
 */
const TOPIC_OF = {
  teams: "data",
  users: "data",
  policies: "data",
  objectives: "data",
  projects: "data",
  project_members: "data",
  prompts: "data",
  prompt_versions: "data",
  prompt_shares: "data",
  prompt_labels: "data",
  org_settings: "data",
  // No trigger: the workflow services announce their writes themselves (see `announceChange`).
  workflows: "data",
  mcp_sessions: "sessions",
  identities: "identities",
} as const satisfies Record<string, ChangeTopic>;

export type ChangedData = keyof typeof TOPIC_OF;

/** The topic a change makes stale; a name nobody mapped counts as a change to the data. */
export function topicOf(changed: string | undefined): ChangeTopic {
  return changed !== undefined && Object.hasOwn(TOPIC_OF, changed) ? TOPIC_OF[changed as ChangedData] : "data";
}

/**
 * Where a feed stands: `connecting` until its first connection is proven, `live` while its
 * heartbeats come back, `reconnecting` after a failure until a connection is proven again, and
 * `off` for a feed that never listens (READ_CACHE=off).
 */
export type ChangeFeedState = "connecting" | "live" | "reconnecting" | "off";

export type ChangeFeedStatus = {
  state: ChangeFeedState;
  /** Connections lost or refused since the feed was last live. */
  failures: number;
  /** The wait before the next connection attempt, while one is scheduled. */
  retryMs: number | null;
};

/** Where start-up and the change feed report what they wait for; pino's logger fits, as does `console`. */
export type StatusLog = { info(message: string): void; warn(message: string): void };

const silentLog: StatusLog = { info: () => {}, warn: () => {} };

/**
 * Tells in-memory caches when the data under them may have changed. A topic's generation moves
 * on at every change notification from the database (whichever process wrote), at every local
 * `touch()`, and whenever the feed cannot vouch for having seen every notification (not yet
 * listening, connection lost): a cached value is good only while the generation it was loaded
 * under is current and the feed is `live`.
 */
export type ChangeFeed = {
  generation(topic: ChangeTopic): number;
  /** False while notifications could be missed; caches must not serve then. */
  readonly live: boolean;
  /** For health reports: why the feed is or is not live. */
  status(): ChangeFeedStatus;
  /** Marks a change made by this process, before the database's notification arrives. */
  touch(topic: ChangeTopic): void;
  /**
   * Calls `listener` whenever a topic's generation moves on: a change notification (from any
   * process), a local `touch()`, and every topic at once when notifications may have been missed
   * (connection lost) and again when the feed is live again. Returns the function that stops it.
   */
  onChange(listener: ChangeListener): () => void;
  close(): Promise<void>;
};

export type ChangeListener = (topic: ChangeTopic) => void;

const TOPICS: readonly ChangeTopic[] = ["data", "sessions", "identities"];

class Generations {
  readonly generations: Record<ChangeTopic, number> = { data: 0, sessions: 0, identities: 0 };
  readonly listeners = new Set<ChangeListener>();
  live = false;
  touch = (topic: ChangeTopic) => {
    this.generations[topic]++;
    this.emit(topic);
  };
  touchAll = () => {
    for (const topic of TOPICS) this.generations[topic]++;
    for (const topic of TOPICS) this.emit(topic);
  };
  notified = (changed: string | undefined) => this.touch(topicOf(changed));
  onChange = (listener: ChangeListener) => {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  };

  /** Generations move on first: a listener that reads at once already misses the caches. */
  private emit(topic: ChangeTopic) {
    for (const listener of this.listeners) {
      try {
        listener(topic);
      } catch {
        // A listener's failure is its own; the feed and the other listeners go on.
      }
    }
  }

  feed(status: () => ChangeFeedStatus, close: () => Promise<void>): ChangeFeed {
    const state = this;
    return {
      generation: (topic) => state.generations[topic],
      get live() {
        return state.live;
      },
      status,
      touch: state.touch,
      onChange: state.onChange,
      close,
    };
  }
}

/** How often the listener proves it still hears the database, and how long an echo may take. */
export const HEARTBEAT_MS = 15_000;
const HEARTBEAT_PREFIX = "heartbeat:";

/** Reconnection delays: doubled after every failure up to the cap, back to the start once live. */
export const RECONNECT_BACKOFF = { initialMs: 250, maxMs: 30_000 };

export type PostgresListenerOptions = {
  heartbeatMs?: number;
  backoff?: { initialMs: number; maxMs: number };
  log?: StatusLog;
};

/**
 * Listens on a dedicated connection (LISTEN needs a session of its own, outside the pool) and
 * reconnects after a loss, with backoff; a notification missed in between is covered by the
 * generation moving on when the connection goes and again when it is back.
 *
 * A connection counts as live only once a heartbeat sent through `send` (the pool, as every
 * write) has come back on it: LISTEN succeeding proves nothing behind a pooler that never
 * forwards notifications, and a connection can die without telling (a half-open TCP connection
 * after a network failure or an idle timeout). Heartbeats then go out now and then, and a
 * connection whose heartbeat does not come back in time is taken for lost. The backoff grows
 * until a heartbeat proves a connection, so a listener that can connect but never hears
 * anything settles at the slowest retry instead of flapping.
 */
export function listenToPostgres(
  url: string,
  send: (channel: string, payload: string) => Promise<unknown>,
  options: PostgresListenerOptions = {},
): ChangeFeed {
  const heartbeatMs = options.heartbeatMs ?? HEARTBEAT_MS;
  const backoff = options.backoff ?? RECONNECT_BACKOFF;
  const log = options.log ?? silentLog;
  const state = new Generations();
  let status: ChangeFeedStatus = { state: "connecting", failures: 0, retryMs: null };
  let client: pg.Client | null = null;
  let closed = false;
  /** One timer at a time: the next heartbeat, the deadline of the awaited one, or the next attempt. */
  let timer: NodeJS.Timeout | null = null;
  let nextRetryMs = backoff.initialMs;
  let awaitedHeartbeat: string | null = null;

  const schedule = (run: () => void, ms: number) => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(run, ms);
    timer.unref();
  };

  const lost = (connection: pg.Client, reason: string) => {
    if (client !== connection) return;
    client = null;
    awaitedHeartbeat = null;
    const wasLive = state.live;
    state.live = false;
    state.touchAll();
    connection.end().catch(() => {});
    if (closed) return;
    const retryMs = nextRetryMs;
    nextRetryMs = Math.min(nextRetryMs * 2, backoff.maxMs);
    if (status.state !== "reconnecting") {
      log.warn(
        `change feed ${wasLive ? "lost" : "not live"}: ${reason}; cached reads go to the database ` +
          `until it is back; reconnecting with backoff (up to ${backoff.maxMs} ms)`,
      );
    }
    status = { state: "reconnecting", failures: status.failures + 1, retryMs };
    schedule(connect, retryMs);
  };

  const sendHeartbeat = (connection: pg.Client) => {
    const token = `${HEARTBEAT_PREFIX}${randomUUID()}`;
    awaitedHeartbeat = token;
    schedule(() => lost(connection, `no heartbeat came back within ${heartbeatMs} ms`), heartbeatMs);
    // A failed send is the pool's problem, not proof that the listener is deaf: ask again later.
    send(CHANGES_CHANNEL, token).catch(() => {
      if (awaitedHeartbeat !== token || client !== connection) return;
      awaitedHeartbeat = null;
      schedule(() => sendHeartbeat(connection), heartbeatMs);
    });
  };

  const heartbeatReturned = (connection: pg.Client) => {
    awaitedHeartbeat = null;
    if (!state.live) {
      const failures = status.failures;
      state.touchAll();
      state.live = true;
      nextRetryMs = backoff.initialMs;
      status = { state: "live", failures: 0, retryMs: null };
      log.info(failures > 0 ? `change feed live again after ${failures} failed attempts` : "change feed live");
    }
    schedule(() => sendHeartbeat(connection), heartbeatMs);
  };

  const connect = async () => {
    timer = null;
    const connection = new pg.Client({
      connectionString: url,
      connectionTimeoutMillis: 5_000,
      application_name: LISTENER_APPLICATION_NAME,
      keepAlive: true,
    });
    client = connection;
    if (status.state === "reconnecting") status = { ...status, retryMs: null };
    connection.on("notification", ({ payload }) => {
      if (payload?.startsWith(HEARTBEAT_PREFIX)) {
        // Every replica's heartbeats arrive here; only this one's own answers the question.
        if (payload === awaitedHeartbeat && client === connection) heartbeatReturned(connection);
        return;
      }
      state.notified(payload);
    });
    // A lost connection is handled by reconnecting; there is nothing else to do with the error.
    connection.on("error", (error) => lost(connection, error.message));
    connection.on("end", () => lost(connection, "connection closed"));
    try {
      await connection.connect();
      await connection.query(`LISTEN ${CHANGES_CHANNEL}`);
      if (client !== connection || closed) return;
      sendHeartbeat(connection);
    } catch (error) {
      lost(connection, error instanceof Error ? error.message : String(error));
    }
  };
  void connect();

  return state.feed(
    () => status,
    async () => {
      closed = true;
      state.live = false;
      if (timer) clearTimeout(timer);
      const connection = client;
      client = null;
      await connection?.end().catch(() => {});
    },
  );
}

/** PGlite runs in this process only, and delivers notifications before the writing query returns. */
export async function listenToPglite(client: PGlite): Promise<ChangeFeed> {
  const state = new Generations();
  const unlisten = await client.listen(CHANGES_CHANNEL, state.notified);
  state.live = true;
  // Notifications arrive from inside this process: nothing can be lost, so it is live until closed.
  const status: ChangeFeedStatus = { state: "live", failures: 0, retryMs: null };
  return state.feed(
    () => status,
    async () => {
      state.live = false;
      if (!client.closed) await unlisten();
    },
  );
}

/** A feed that is never live: with it, every cached read goes to the database (READ_CACHE=off). */
export function silentChangeFeed(): ChangeFeed {
  const status: ChangeFeedStatus = { state: "off", failures: 0, retryMs: null };
  return new Generations().feed(
    () => status,
    async () => {},
  );
}
