import { createHash } from "node:crypto";
import { PGlite } from "@electric-sql/pglite";
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";
import { type SQL, sql } from "drizzle-orm";
import { drizzle as drizzlePg } from "drizzle-orm/node-postgres";
import { PgDialect } from "drizzle-orm/pg-core";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import pg from "pg";
import type { DatabaseTarget } from "../config.js";
import { tracingEnabled } from "../observability/tracing.js";
import { type ChangeFeed, listenToPglite, listenToPostgres, type StatusLog, silentChangeFeed } from "./change-feed.js";
import type { Db } from "./db.js";
import { lockDataFolder } from "./pglite-lock.js";
import { traceQueries } from "./pglite-tracing.js";
import { attachReadCaches } from "./read-cache.js";
import * as schema from "./schema.js";

export type { Db } from "./db.js";

export type Database = {
  db: Db;
  kind: DatabaseTarget["kind"];
  /** Committed changes to what expansions read, from any process; drives the read cache. */
  changes: ChangeFeed;
  /** The PostgreSQL connection pool's state, for the metrics endpoint; null for PGlite (one connection, no pool). */
  poolStats(): PoolStats | null;
  /** Runs `fn` on one dedicated connection (needed for session-level advisory locks). */
  withConnection<T>(fn: (db: Db) => Promise<T>): Promise<T>;
  ping(): Promise<void>;
  close(): Promise<void>;
};

export type PoolStats = {
  /** Connections open, busy or idle. */
  total: number;
  idle: number;
  /** Queries waiting for a connection: the pool is exhausted while this stays above zero. */
  waiting: number;
  max: number;
};

export type OpenOptions = {
  /** Where the change feed reports its state changes, and the PGlite lock its waiting. */
  log?: StatusLog;
  /**
   * An open in-memory PGlite to use instead of opening one: tests lend one to each test file in
   * turn (see test/pglite-pool.ts). Closing the database leaves it open for its lender.
   */
  pglite?: PGlite;
};

export async function openDatabase(target: DatabaseTarget, options: OpenOptions = {}): Promise<Database> {
  const readCache = target.readCache !== false;
  return target.kind === "postgres"
    ? openPostgres(target.url, readCache, options)
    : openPglite(target.dir, readCache, options);
}

const POOL_MAX = 10;

function openPostgres(url: string, readCache: boolean, { log }: OpenOptions): Database {
  const pool = new pg.Pool({
    connectionString: url,
    // The planner's cost for a search over a large catalogue crosses jit_above_cost, and compiling
    // the plan then took longer (230 ms) than running it: these are short queries, never reports.
    options: "-c jit=off",
    max: POOL_MAX,
    connectionTimeoutMillis: 5_000,
    idleTimeoutMillis: 30_000,
  });
  // An idle client losing its connection (database restart) must not crash the process.
  pool.on("error", () => {});

  const db = drizzlePg({ client: pool, schema }) as unknown as Db;
  const changes = readCache
    ? listenToPostgres(url, (channel, payload) => pool.query("select pg_notify($1, $2)", [channel, payload]), { log })
    : silentChangeFeed();
  attachReadCaches(db, changes);
  return {
    db,
    kind: "postgres",
    changes,
    poolStats: () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount, max: POOL_MAX }),
    async withConnection(fn) {
      const client = await pool.connect();
      try {
        return await fn(drizzlePg({ client, schema }) as unknown as Db);
      } finally {
        client.release();
      }
    },
    async ping() {
      await db.execute(sql`select 1`);
    },
    async close() {
      await changes.close();
      await pool.end();
    },
  };
}

/**
 * A PGlite in `dir`, or in memory when null; `snapshot`, a data directory tarball (`dumpDataDir`),
 * starts it from that instead of an empty cluster: tests start from one database migrated once.
 */
export async function openPgliteClient(dir: string | null, snapshot?: Blob): Promise<PGlite> {
  // pg_trgm backs the prompt search indexes; PostgreSQL servers ship it as a contrib extension.
  const client = new PGlite({ dataDir: dir ?? undefined, loadDataDir: snapshot, extensions: { pg_trgm } });
  await client.waitReady;
  return client;
}

async function openPglite(dir: string | null, readCache: boolean, { log, pglite }: OpenOptions): Promise<Database> {
  const release = dir ? await lockDataFolder(dir, { log }) : () => {};
  let client: PGlite;
  try {
    client = pglite ?? (await openPgliteClient(dir));
  } catch (error) {
    release();
    throw error;
  }
  if (tracingEnabled()) traceQueries(client);
  const db = drizzlePglite({ client, schema }) as unknown as Db;
  const changes = readCache ? await listenToPglite(client) : silentChangeFeed();
  attachReadCaches(db, changes);
  return {
    db,
    kind: "pglite",
    changes,
    poolStats: () => null,
    // PGlite is a single connection already.
    withConnection: (fn) => fn(db),
    async ping() {
      await db.execute(sql`select 1`);
    },
    async close() {
      try {
        await changes.close();
        if (!pglite && !client.closed) await client.close();
      } finally {
        release();
      }
    },
  };
}

/** Network failures of a connection that may well succeed later. */
const NETWORK_ERRORS = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EPIPE",
]);

/** PostgreSQL errors of a server that is not there yet: starting up, shutting down, full. */
const UNAVAILABLE_SQLSTATES = new Set(["57P01", "57P02", "57P03", "53300"]);

/** The `pg` driver's own errors for connections that could not be made or were cut. */
const DRIVER_CONNECTION_ERRORS = /^(Connection terminated|timeout exceeded when trying to connect)/;

/**
 * Whether an error means the database could not be reached (yet), as opposed to one that
 * refused us for a reason that waiting will not change (wrong password, missing database,
 * a failing migration). Looks through wrapping errors (`DrizzleQueryError.cause`) and the
 * per-address errors of a failed multi-address connect.
 */
export function isDatabaseUnreachable(error: unknown): boolean {
  const pending: unknown[] = [error];
  for (let item = pending.pop(); item !== undefined; item = pending.pop()) {
    if (!(item instanceof Error)) continue;
    const code = (item as { code?: unknown }).code;
    if (typeof code === "string") {
      if (NETWORK_ERRORS.has(code) || UNAVAILABLE_SQLSTATES.has(code) || code.startsWith("08")) return true;
    }
    if (DRIVER_CONNECTION_ERRORS.test(item.message)) return true;
    if (item.cause !== undefined) pending.push(item.cause);
    if (item instanceof AggregateError) pending.push(...item.errors);
  }
  return false;
}

const dialect = new PgDialect();

/**
 * Raw SQL rows; both drivers answer `{ rows }`. With `prepared`, a pooled PostgreSQL connection
 * keeps the statement parsed and planned after its first use, which roughly halves the cost of
 * the hot path's heavier queries. Statements are named by a hash of their text, so each distinct
 * query shape gets its own. (PGlite runs in-process and transactions hold their own client: both
 * take the plain path.)
 */
export async function queryRows<T>(db: Db, query: SQL, options: { prepared?: boolean } = {}): Promise<T[]> {
  const client = (db as { $client?: unknown }).$client;
  if (options.prepared && client instanceof pg.Pool) {
    const { sql: text, params } = dialect.sqlToQuery(query);
    const name = `pcp_${createHash("sha1").update(text).digest("hex").slice(0, 24)}`;
    const result = await client.query({ name, text, values: params as unknown[] });
    return result.rows as T[];
  }
  const result = (await db.execute(query)) as unknown as { rows: T[] };
  return result.rows;
}

/**
 * `queryRows` planned without parallel workers (in a transaction of its own, or for the rest of the
 * caller's), for aggregates over rollups: they read a few thousand rows, but the planner, costing
 * index scans of tables whose rows it takes for scattered, splits them between workers, and
 * starting those on a busy machine took longer (40 ms) than the whole query run alone (6 ms).
 */
export async function queryRowsSerially<T>(db: Db, query: SQL): Promise<T[]> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`set local max_parallel_workers_per_gather = 0`);
    return queryRows<T>(tx as unknown as Db, query);
  });
}
