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
 * The names of what a write changed, as the database's triggers send them (migrations 0003 and
 * 0004) and as services name their own writes, with the topic each makes stale. `users` is a
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
  mcp_sessions: "sessions",
  identities: "identities",
} as const satisfies Record<string, ChangeTopic>;

export type ChangedData = keyof typeof TOPIC_OF;

/** The topic a change makes stale; a name nobody mapped counts as a change to the data. */
export function topicOf(changed: string | undefined): ChangeTopic {
  return changed !== undefined && Object.hasOwn(TOPIC_OF, changed) ? TOPIC_OF[changed as ChangedData] : "data";
}

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
  /** Marks a change made by this process, before the database's notification arrives. */
  touch(topic: ChangeTopic): void;
  close(): Promise<void>;
};

class Generations {
  readonly generations: Record<ChangeTopic, number> = { data: 0, sessions: 0, identities: 0 };
  live = false;
  touch = (topic: ChangeTopic) => {
    this.generations[topic]++;
  };
  touchAll = () => {
    this.generations.data++;
    this.generations.sessions++;
    this.generations.identities++;
  };
  notified = (changed: string | undefined) => this.touch(topicOf(changed));

  feed(close: () => Promise<void>): ChangeFeed {
    const state = this;
    return {
      generation: (topic) => state.generations[topic],
      get live() {
        return state.live;
      },
      touch: state.touch,
      close,
    };
  }
}

/** How often the listener proves it still hears the database, and how long an echo may take. */
export const HEARTBEAT_MS = 15_000;
const HEARTBEAT_PREFIX = "heartbeat:";

/**
 * Listens on a dedicated connection (LISTEN needs a session of its own, outside the pool) and
 * reconnects after a loss, with backoff; a notification missed in between is covered by the
 * generation moving on when the connection goes and again when it is back.
 *
 * A connection can die without telling (a half-open TCP connection after a network failure or
 * an idle timeout), or sit behind a pooler that never forwards notifications. So the listener
 * sends a heartbeat notification through `send` (the pool, as every write) now and then, and
 * takes the connection for lost when one does not come back before the next is due.
 */
export function listenToPostgres(
  url: string,
  send: (channel: string, payload: string) => Promise<unknown>,
  heartbeatMs = HEARTBEAT_MS,
): ChangeFeed {
  const state = new Generations();
  let client: pg.Client | null = null;
  let closed = false;
  let retryTimer: NodeJS.Timeout | null = null;
  let retryMs = 100;
  let awaitedHeartbeat: string | null = null;

  const lost = (connection: pg.Client) => {
    if (client !== connection) return;
    client = null;
    state.live = false;
    state.touchAll();
    connection.end().catch(() => {});
    if (closed) return;
    retryTimer = setTimeout(connect, retryMs);
    retryTimer.unref();
    retryMs = Math.min(retryMs * 2, 5_000);
  };

  const heartbeat = setInterval(() => {
    const connection = client;
    if (!connection || !state.live) return;
    if (awaitedHeartbeat !== null) {
      awaitedHeartbeat = null;
      lost(connection);
      return;
    }
    const token = `${HEARTBEAT_PREFIX}${randomUUID()}`;
    awaitedHeartbeat = token;
    // A failed send is the pool's problem, not proof that the listener is deaf: try next time.
    send(CHANGES_CHANNEL, token).catch(() => {
      if (awaitedHeartbeat === token) awaitedHeartbeat = null;
    });
  }, heartbeatMs);
  heartbeat.unref();

  const connect = async () => {
    retryTimer = null;
    awaitedHeartbeat = null;
    const connection = new pg.Client({
      connectionString: url,
      connectionTimeoutMillis: 5_000,
      application_name: LISTENER_APPLICATION_NAME,
      keepAlive: true,
    });
    client = connection;
    connection.on("notification", ({ payload }) => {
      if (payload?.startsWith(HEARTBEAT_PREFIX)) {
        // Every replica's heartbeats arrive here; only this one's own answers the question.
        if (payload === awaitedHeartbeat) awaitedHeartbeat = null;
        return;
      }
      state.notified(payload);
    });
    // A lost connection is handled by reconnecting; there is nothing else to do with the error.
    connection.on("error", () => lost(connection));
    connection.on("end", () => lost(connection));
    try {
      await connection.connect();
      await connection.query(`LISTEN ${CHANGES_CHANNEL}`);
      if (client !== connection || closed) return;
      retryMs = 100;
      state.touchAll();
      state.live = true;
    } catch {
      lost(connection);
    }
  };
  void connect();

  return state.feed(async () => {
    closed = true;
    state.live = false;
    clearInterval(heartbeat);
    if (retryTimer) clearTimeout(retryTimer);
    const connection = client;
    client = null;
    await connection?.end().catch(() => {});
  });
}

/** PGlite runs in this process only, and delivers notifications before the writing query returns. */
export async function listenToPglite(client: PGlite): Promise<ChangeFeed> {
  const state = new Generations();
  const unlisten = await client.listen(CHANGES_CHANNEL, state.notified);
  state.live = true;
  return state.feed(async () => {
    state.live = false;
    if (!client.closed) await unlisten();
  });
}

/** A feed that is never live: with it, every cached read goes to the database (READ_CACHE=off). */
export function silentChangeFeed(): ChangeFeed {
  return new Generations().feed(async () => {});
}
