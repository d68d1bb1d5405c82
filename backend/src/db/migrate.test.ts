import { afterAll, describe, expect, it } from "vitest";
import { type Database, openDatabase } from "./client.js";
import { hasPendingMigrations, runMigrations } from "./migrate.js";

// The start-up check must say "nothing pending" without writing, so that a backend connecting as
// the application role (no CREATE privilege) starts once the migration job has run; the
// deployment tests start one that way on PostgreSQL.
// PGlite only: PostgreSQL runs the same check in the deployment tests, as the application role.
describe.skipIf(process.env.TEST_DB === "postgres")("pending migrations", () => {
  let database: Database;
  afterAll(async () => database?.close());

  it("are reported on a new database and no longer once applied", async () => {
    database = await openDatabase({ kind: "pglite", dir: null, readCache: false });
    expect(await hasPendingMigrations(database.db)).toBe(true);
    await runMigrations(database);
    expect(await hasPendingMigrations(database.db)).toBe(false);
    await runMigrations(database);
    expect(await hasPendingMigrations(database.db)).toBe(false);
  });
});
