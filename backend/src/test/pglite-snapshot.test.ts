import { openAsBlob } from "node:fs";
import { sql } from "drizzle-orm";
import { afterAll, describe, expect, inject, it, onTestFinished } from "vitest";
import { type Database, openDatabase, openPgliteClient, queryRows } from "../db/client.js";
import { hasPendingMigrations } from "../db/migrate.js";

describe.skipIf(process.env.TEST_DB === "postgres")("an embedded database opened from the migrated snapshot", () => {
  let database: Database;
  afterAll(async () => database?.close());

  it("has every migration applied and the search extension working", async () => {
    const client = await openPgliteClient(null, await openAsBlob(inject("pgliteSnapshot")));
    database = await openDatabase({ kind: "pglite", dir: null, readCache: false }, { pglite: client });
    onTestFinished(() => client.close());
    expect(await hasPendingMigrations(database.db)).toBe(false);
    const [row] = await queryRows<{ similar: boolean }>(
      database.db,
      sql`select similarity('code review', 'code reviews') > 0.5 as similar`,
    );
    expect(row?.similar).toBe(true);
  });
});
