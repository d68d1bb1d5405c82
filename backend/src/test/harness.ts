import { randomBytes } from "node:crypto";
import path from "node:path";
import { sql } from "drizzle-orm";
import type { FastifyInstance } from "fastify";
import { expect, inject } from "vitest";
import { type Config, loadConfig } from "../config.js";
import { CHANGES_CHANNEL, type ChangeTopic } from "../db/change-feed.js";
import { type Database, openDatabase } from "../db/client.js";
import { runMigrations } from "../db/migrate.js";
import { buildApp } from "../http/app.js";
import { borrowPglite } from "./pglite-pool.js";
import { adminQuery, databaseUrl } from "./postgres-template.js";
import { runOnceTests } from "./run-once.js";

const backendDir = path.resolve(import.meta.dirname, "..", "..");

export type TestContext = {
  app: FastifyInstance;
  database: Database;
  config: Config;
  /** The PostgreSQL test database's URL (null on PGlite), for tests that start real server processes. */
  databaseUrl: string | null;
  /**
   * Waits until the app has taken in the change notifications of writes made so far straight
   * to the database (as another process would make them). PGlite delivers them at once;
   * PostgreSQL shortly after commit, in commit order, so a notification of our own marks the end.
   * It moves the generation of `topic` (data by default) on, and only that one.
   */
  changesSeen(topic?: ChangeTopic): Promise<void>;
  close(): Promise<void>;
};

/** A notification that touches just one topic: a name the feed maps to it, or (data) none it knows. */
const SYNC_PAYLOADS: Record<ChangeTopic, string> = {
  data: "test-sync",
  sessions: "mcp_sessions",
  identities: "identities",
};

/**
 * A fresh database per test file: an in-memory PGlite in the state of the run's migrated snapshot
 * (see pglite-pool.ts), or (TEST_DB=postgres) a new PostgreSQL database copied from the run's
 * migrated template; see global-setup.ts.
 */
async function openTestDatabase(
  readCache: boolean,
): Promise<{ database: Database; url: string | null; drop(): Promise<void> }> {
  refuseRunOnceFile();
  if (process.env.TEST_DB !== "postgres") {
    const lent = await borrowPglite();
    const database = await openDatabase({ kind: "pglite", dir: null, readCache }, { pglite: lent.client });
    return { database, url: null, drop: lent.giveBack };
  }
  const adminUrl = process.env.TEST_DATABASE_URL;
  if (!adminUrl) throw new Error("TEST_DB=postgres needs TEST_DATABASE_URL");
  const name = `pcp_test_${randomBytes(6).toString("hex")}`;
  await adminQuery(adminUrl, `create database ${name} template ${inject("postgresTemplate")}`);
  const url = databaseUrl(adminUrl, name);
  const database = await openDatabase({ kind: "postgres", url, readCache });
  return {
    database,
    url,
    drop: () => adminQuery(adminUrl, `drop database if exists ${name} with (force)`),
  };
}

/**
 * A file that runs on one database only (run-once.ts) must not test against one: it would go
 * untested on PostgreSQL without anyone noticing.
 */
function refuseRunOnceFile(): void {
  const file = path.relative(backendDir, expect.getState().testPath ?? "");
  if (runOnceTests.includes(file)) {
    throw new Error(`${file} opens a test database: take it off the list in src/test/run-once.ts`);
  }
}

export async function createTestContext(env: Record<string, string> = {}): Promise<TestContext> {
  const config = loadConfig({
    AUTH_RATE_LIMIT_MAX: "1000",
    MCP_RATE_LIMIT_MAX: "0",
    EXPAND_RATE_LIMIT_MAX: "100000",
    WORKFLOW_RUN_RATE_LIMIT_MAX: "100000",
    AUTH_TOKEN: "operator-token-for-tests",
    ...env,
  });
  const { database, url, drop } = await openTestDatabase(config.database.readCache !== false);
  await runMigrations(database);
  const app = await buildApp({ config, database, logger: false });
  await app.ready();
  // The PostgreSQL change feed is live once its first heartbeat is back, moments after opening:
  // tests that count cache hits start from a live feed, as a running server soon has. On a busy
  // machine its first connection can time out; it then reconnects, and is waited for too.
  for (let waited = 0; !["live", "off"].includes(database.changes.status().state); waited += 10) {
    if (waited > 30_000) throw new Error("the change feed did not become live within 30 s");
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return {
    app,
    database,
    config: { ...config, database: { kind: database.kind } } as Config,
    databaseUrl: url,
    async changesSeen(topic: ChangeTopic = "data") {
      const changes = database.changes;
      if (!changes.live) return;
      const before = changes.generation(topic);
      await database.db.execute(sql`select pg_notify(${CHANGES_CHANNEL}, ${SYNC_PAYLOADS[topic]})`);
      for (let waited = 0; changes.generation(topic) === before; waited += 10) {
        if (waited > 30_000) throw new Error("the app saw no change notification within 30 s");
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    },
    async close() {
      await app.close();
      await database.close();
      await drop();
    },
  };
}
