import { setTimeout as sleep } from "node:timers/promises";
import { fileURLToPath } from "node:url";
import { sql } from "drizzle-orm";
import { readMigrationFiles } from "drizzle-orm/migrator";
import type { NodePgDatabase } from "drizzle-orm/node-postgres";
import { migrate as migratePg } from "drizzle-orm/node-postgres/migrator";
import type { PgliteDatabase } from "drizzle-orm/pglite";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import type { StatusLog } from "./change-feed.js";
import { type Database, type Db, isDatabaseUnreachable, queryRows } from "./client.js";

/** Same folder from src/db (tests, tsx) and dist/db (built). */
export const MIGRATIONS_FOLDER = fileURLToPath(new URL("../../drizzle", import.meta.url));

/** Arbitrary constant shared by every replica: only one of them migrates at a time. */
const MIGRATION_LOCK_ID = 742_031_001;

/**
 * Whether the database lacks a migration this build ships. Read-only, so a backend connecting
 * as the application role (no CREATE privilege) can start when the migration job has already
 * done the work: drizzle's migrator creates its history schema and table before it looks, which
 * PostgreSQL refuses to a role without CREATE even when both exist.
 */
export async function hasPendingMigrations(db: Db): Promise<boolean> {
  const newest = Math.max(...readMigrationFiles({ migrationsFolder: MIGRATIONS_FOLDER }).map((m) => m.folderMillis));
  const [history] = await queryRows<{ present: boolean }>(
    db,
    sql`select to_regclass('drizzle.__drizzle_migrations') is not null as present`,
  );
  if (!history?.present) return true;
  const [applied] = await queryRows<{ last: string | number | null }>(
    db,
    sql`select max(created_at) as last from drizzle.__drizzle_migrations`,
  );
  return applied?.last === null || applied?.last === undefined || Number(applied.last) < newest;
}

/**
 * Applies pending migrations. Several backend replicas (and the Helm migration job) may start
 * at once, and drizzle's migrator takes no lock of its own, so hold an advisory lock meanwhile.
 */
export async function runMigrations(database: Database): Promise<void> {
  if (!(await hasPendingMigrations(database.db))) return;
  await database.withConnection(async (db) => {
    await db.execute(sql`select pg_advisory_lock(${MIGRATION_LOCK_ID})`);
    try {
      if (database.kind === "postgres") {
        await migratePg(db as unknown as NodePgDatabase, { migrationsFolder: MIGRATIONS_FOLDER });
      } else {
        await migratePglite(db as unknown as PgliteDatabase, { migrationsFolder: MIGRATIONS_FOLDER });
      }
    } finally {
      await db.execute(sql`select pg_advisory_unlock(${MIGRATION_LOCK_ID})`);
    }
  });
}

/** Start-up retries: doubled after every failed attempt, up to the cap. */
export const STARTUP_BACKOFF = { initialMs: 500, maxMs: 15_000 };

export type MigrateWhenReachableOptions = {
  log: StatusLog;
  /** Ends the waiting (shutdown): the promise then rejects with the signal's reason. */
  signal?: AbortSignal;
  backoff?: { initialMs: number; maxMs: number };
};

/**
 * Applies pending migrations as soon as the database can be reached, trying again with backoff
 * while it cannot (a database started after the backend, or briefly down), and logging every
 * failed attempt. Errors that waiting will not cure (a wrong password, a failing migration) are
 * thrown at once.
 */
export async function migrateWhenReachable(database: Database, options: MigrateWhenReachableOptions): Promise<void> {
  const { log, signal } = options;
  const backoff = options.backoff ?? STARTUP_BACKOFF;
  let delayMs = backoff.initialMs;
  for (let attempt = 1; ; attempt++) {
    signal?.throwIfAborted();
    try {
      await runMigrations(database);
      if (attempt > 1) log.info(`database reachable after ${attempt} attempts: migrations applied`);
      return;
    } catch (error) {
      if (isDatabaseUnreachable(error)) {
        log.warn(`database not reachable (attempt ${attempt}): ${describeError(error)}; trying again in ${delayMs} ms`);
      } else if (isPermissionDenied(error)) {
        // The application role may not migrate: the migration job, as the owner, is about to.
        log.warn(
          `migrations pending, and this database role may not apply them (attempt ${attempt}); waiting for the migration job, trying again in ${delayMs} ms`,
        );
      } else {
        throw error;
      }
      await sleep(delayMs, undefined, { signal });
      delayMs = Math.min(delayMs * 2, backoff.maxMs);
    }
  }
}

/** PostgreSQL's insufficient_privilege, anywhere in the error's causes. */
function isPermissionDenied(error: unknown): boolean {
  for (let current = error; current instanceof Error; current = current.cause) {
    if ((current as { code?: unknown }).code === "42501") return true;
  }
  return false;
}

/** The innermost message, which names the address or the server's complaint. */
function describeError(error: unknown): string {
  let current = error;
  while (current instanceof Error && current.cause instanceof Error) current = current.cause;
  if (current instanceof AggregateError && current.errors[0] instanceof Error) current = current.errors[0];
  return current instanceof Error ? current.message || current.constructor.name : String(current);
}
