import { fileURLToPath } from "node:url";
import { sql } from "drizzle-orm";
import { readMigrationFiles } from "drizzle-orm/migrator";
import type { NodePgDatabase } from "drizzle-orm/node-postgres";
import { migrate as migratePg } from "drizzle-orm/node-postgres/migrator";
import type { PgliteDatabase } from "drizzle-orm/pglite";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import { type Database, type Db, queryRows } from "./client.js";

/** Same folder from src/db (tests, tsx) and dist/db (built). */
const MIGRATIONS_FOLDER = fileURLToPath(new URL("../../drizzle", import.meta.url));

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
