import { randomBytes } from "node:crypto";
import pg from "pg";
import { openDatabase } from "../db/client.js";
import { runMigrations } from "../db/migrate.js";

/** The URL of database `name` on the server `adminUrl` points at. */
export function databaseUrl(adminUrl: string, name: string): string {
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/** Runs one statement on the server's admin connection (CREATE and DROP DATABASE need their own). */
export async function adminQuery(adminUrl: string, statement: string): Promise<void> {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(statement);
  } finally {
    await admin.end();
  }
}

/**
 * A migrated PostgreSQL database that each test file's database is copied from
 * (`create database … template …`, a file copy), instead of migrating every one: the migrations
 * take about half a second a file. Dropped by the returned function at the end of the run.
 */
export async function migratedPostgresTemplate(adminUrl: string): Promise<{ name: string; drop(): Promise<void> }> {
  const name = `pcp_template_${randomBytes(6).toString("hex")}`;
  await adminQuery(adminUrl, `create database ${name}`);
  const database = await openDatabase({ kind: "postgres", url: databaseUrl(adminUrl, name), readCache: false });
  try {
    await runMigrations(database);
  } finally {
    // A template must have no connections while databases are copied from it.
    await database.close();
  }
  return { name, drop: () => adminQuery(adminUrl, `drop database if exists ${name} with (force)`) };
}
