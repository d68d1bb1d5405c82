import type { PGlite } from "@electric-sql/pglite";
import pg from "pg";

/** The channel migration 0003's triggers notify on every committed change to what expansions read. */
export const CHANGES_CHANNEL = "pcp_changes";

/** How the listening connection shows in pg_stat_activity. */
export const LISTENER_APPLICATION_NAME = "pcp-change-listener";

/**
 * Tells in-memory caches when the data under them may have changed. `generation` moves on at
 * every change notification from the database (whichever process wrote), at every local
 * `touch()`, and whenever the feed cannot vouch for having seen every notification (not yet
 * listening, connection lost): a cached value is good only while the generation it was loaded
 * under is current and the feed is `live`.
 */
export type ChangeFeed = {
  readonly generation: number;
  /** False while notifications could be missed; caches must not serve then. */
  readonly live: boolean;
  /** Marks a change made by this process, before the database's notification arrives. */
  touch(): void;
  close(): Promise<void>;
};

class Generations {
  generation = 0;
  live = false;
  touch = () => {
    this.generation++;
  };
}

/**
 * Listens on a dedicated connection (LISTEN needs a session of its own, outside the pool) and
 * reconnects after a loss, with backoff; a notification missed in between is covered by the
 * generation moving on when the connection goes and again when it is back.
 */
export function listenToPostgres(url: string, onError: (error: Error) => void = () => {}): ChangeFeed {
  const state = new Generations();
  let client: pg.Client | null = null;
  let closed = false;
  let retryTimer: NodeJS.Timeout | null = null;
  let retryMs = 100;

  const lost = (connection: pg.Client) => {
    if (client !== connection) return;
    client = null;
    state.live = false;
    state.touch();
    connection.end().catch(() => {});
    if (closed) return;
    retryTimer = setTimeout(connect, retryMs);
    retryTimer.unref();
    retryMs = Math.min(retryMs * 2, 5_000);
  };

  const connect = async () => {
    retryTimer = null;
    const connection = new pg.Client({
      connectionString: url,
      connectionTimeoutMillis: 5_000,
      application_name: LISTENER_APPLICATION_NAME,
    });
    client = connection;
    connection.on("notification", state.touch);
    connection.on("error", (error) => {
      onError(error);
      lost(connection);
    });
    connection.on("end", () => lost(connection));
    try {
      await connection.connect();
      await connection.query(`LISTEN ${CHANGES_CHANNEL}`);
      if (client !== connection || closed) return;
      retryMs = 100;
      state.touch();
      state.live = true;
    } catch (error) {
      onError(error as Error);
      lost(connection);
    }
  };
  void connect();

  return {
    get generation() {
      return state.generation;
    },
    get live() {
      return state.live;
    },
    touch: state.touch,
    async close() {
      closed = true;
      state.live = false;
      if (retryTimer) clearTimeout(retryTimer);
      const connection = client;
      client = null;
      await connection?.end().catch(() => {});
    },
  };
}

/** PGlite runs in this process only, and delivers notifications before the writing query returns. */
export async function listenToPglite(client: PGlite): Promise<ChangeFeed> {
  const state = new Generations();
  const unlisten = await client.listen(CHANGES_CHANNEL, state.touch);
  state.live = true;
  return {
    get generation() {
      return state.generation;
    },
    get live() {
      return state.live;
    },
    touch: state.touch,
    async close() {
      state.live = false;
      if (!client.closed) await unlisten();
    },
  };
}
