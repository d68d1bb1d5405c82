import type { FastifyReply, FastifyRequest } from "fastify";
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from "prom-client";
import type { ChangeFeedState } from "../db/change-feed.js";
import type { Database } from "../db/client.js";
import { readCacheStats } from "../db/read-cache.js";
import { USAGE_SOURCES } from "../db/schema.js";
import type { UsageEvent, UsageRecorderStats } from "../modules/usage/usage.recorder.js";
import { SERVICE_VERSION } from "../version.js";

/** Request latency buckets, in seconds: expansions take milliseconds, a slow database seconds. */
const REQUEST_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
const EXPANSION_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5];
const FEED_STATES: ChangeFeedState[] = ["connecting", "live", "reconnecting", "off"];
const CACHES = ["data", "sessions", "identities"] as const;

/** The route label of a request no route matched: its URL would make one series per made-up path. */
export const UNMATCHED_ROUTE = "unmatched";

export type AppMetrics = {
  registry: Registry;
  /** After each response (onResponse): the request counters, the latency histogram, MCP sessions. */
  observeResponse(request: FastifyRequest, reply: FastifyReply): void;
  /** Every expansion as the usage recorder queues it. */
  observeExpansion(event: UsageEvent): void;
};

/** A session starts at an MCP `initialize` that answers with a session id, and ends at a DELETE. */
function mcpSessionChange(request: FastifyRequest, reply: FastifyReply): "opened" | "closed" | null {
  if (request.routeOptions.url !== "/mcp" || reply.statusCode >= 300) return null;
  if (request.method === "DELETE") return "closed";
  if (request.method === "POST" && !request.headers["mcp-session-id"] && reply.hasHeader("mcp-session-id")) {
    return "opened";
  }
  return null;
}

/**
 * One registry per app: what this process serves (requests, expansions, MCP sessions) is counted
 * as it happens; the state of its parts (change feed, read caches, usage queue, connection pool)
 * is read when Prometheus scrapes.
 */
export function createMetrics(database: Database, usageStats: () => UsageRecorderStats): AppMetrics {
  const registry = new Registry();
  const registers = [registry];
  collectDefaultMetrics({ register: registry });

  new Gauge({
    name: "spechub_build_info",
    help: "Always 1; the running version is in the label",
    labelNames: ["version"],
    registers,
    collect() {
      this.set({ version: SERVICE_VERSION }, 1);
    },
  });

  const requests = new Counter({
    name: "spechub_http_requests_total",
    help: "HTTP requests answered, by method, route pattern and status code",
    labelNames: ["method", "route", "status_code"],
    registers,
  });
  const requestDuration = new Histogram({
    name: "spechub_http_request_duration_seconds",
    help: "Time from receiving a request to finishing its answer, by method, route pattern and status code",
    labelNames: ["method", "route", "status_code"],
    buckets: REQUEST_BUCKETS,
    registers,
  });

  const expansions = new Counter({
    name: "spechub_expansions_total",
    help: "Prompt expansions, by channel (rest, mcp, workflow) and status (success, error)",
    labelNames: ["channel", "status"],
    registers,
  });
  const expansionDuration = new Histogram({
    name: "spechub_expansion_duration_seconds",
    help: "Time to expand a prompt (resolve, govern, render), by channel and status",
    labelNames: ["channel", "status"],
    buckets: EXPANSION_BUCKETS,
    registers,
  });

  const mcpSessions = new Counter({
    name: "spechub_mcp_sessions_total",
    help: "MCP sessions opened (initialize answered with a session id) and closed (DELETE) through this process",
    labelNames: ["event"],
    registers,
  });
  // Every series exists from the start: a rate over a series that appears with its first error
  // misses that error, and alerts on absent series never fire.
  for (const channel of USAGE_SOURCES) {
    for (const status of ["success", "error"]) {
      expansions.inc({ channel, status }, 0);
      expansionDuration.zero({ channel, status });
    }
  }
  for (const event of ["opened", "closed"]) mcpSessions.inc({ event }, 0);

  new Counter({
    name: "spechub_read_cache_hits_total",
    help: "Reads served from this process's read cache, by cache",
    labelNames: ["cache"],
    registers,
    collect() {
      this.reset();
      const stats = readCacheStats(database.db);
      for (const cache of CACHES) this.inc({ cache }, stats?.[cache].hits ?? 0);
    },
  });
  new Counter({
    name: "spechub_read_cache_misses_total",
    help: "Reads the read cache sent to the database (not cached yet, changed, or the change feed not live), by cache",
    labelNames: ["cache"],
    registers,
    collect() {
      this.reset();
      const stats = readCacheStats(database.db);
      for (const cache of CACHES) this.inc({ cache }, stats?.[cache].misses ?? 0);
    },
  });

  new Gauge({
    name: "spechub_change_feed_state",
    help: "1 for the change feed's current state (connecting, live, reconnecting, off), 0 for the others",
    labelNames: ["state"],
    registers,
    collect() {
      const current = database.changes.status().state;
      for (const state of FEED_STATES) this.set({ state }, state === current ? 1 : 0);
    },
  });
  new Gauge({
    name: "spechub_change_feed_failures",
    help: "Change feed connections lost or refused since it was last live",
    registers,
    collect() {
      this.set(database.changes.status().failures);
    },
  });

  new Gauge({
    name: "spechub_usage_queue_depth",
    help: "Expansion records waiting in memory to be written to the database",
    registers,
    collect() {
      this.set(usageStats().queued);
    },
  });
  new Counter({
    name: "spechub_usage_dropped_total",
    help: "Expansion records lost: the queue overflowed while the database was unreachable, or a write failed",
    registers,
    collect() {
      this.reset();
      this.inc(usageStats().dropped);
    },
  });

  // PGlite is one in-process connection: there is no pool to watch.
  if (database.poolStats()) {
    const pool = (
      name: string,
      help: string,
      read: (stats: NonNullable<ReturnType<Database["poolStats"]>>) => number,
    ) =>
      new Gauge({
        name,
        help,
        registers,
        collect() {
          const stats = database.poolStats();
          if (stats) this.set(read(stats));
        },
      });
    pool("spechub_db_pool_connections", "PostgreSQL connections open in the pool, busy or idle", (s) => s.total);
    pool("spechub_db_pool_idle_connections", "PostgreSQL connections open and idle in the pool", (s) => s.idle);
    pool("spechub_db_pool_waiting_queries", "Queries waiting for a free connection from the pool", (s) => s.waiting);
    pool("spechub_db_pool_max_connections", "The most connections the pool opens", (s) => s.max);
  }

  return {
    registry,
    observeResponse(request, reply) {
      const labels = {
        method: request.method,
        route: request.routeOptions.url ?? UNMATCHED_ROUTE,
        status_code: String(reply.statusCode),
      };
      requests.inc(labels);
      requestDuration.observe(labels, reply.elapsedTime / 1000);
      const session = mcpSessionChange(request, reply);
      if (session) mcpSessions.inc({ event: session });
    },
    observeExpansion(event) {
      const labels = { channel: event.source, status: event.statusCode < 400 ? "success" : "error" };
      expansions.inc(labels);
      expansionDuration.observe(labels, event.latencyMs / 1000);
    },
  };
}
