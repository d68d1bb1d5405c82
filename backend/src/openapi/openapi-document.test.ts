import { expect, it } from "vitest";
import { openDatabase } from "../db/client.js";
import { borrowPglite } from "../test/pglite-pool.js";
import { readCommittedOpenApiDocument, renderOpenApiDocument } from "./openapi-document.js";

// Rendering every route's schema is CPU work: give it room when the suite keeps every core busy.
// It runs once (src/test/run-once.ts), on a migrated embedded database from the test pool rather
// than a new one migrated for it: opening that took about 3 s of CPU.
it("backend/openapi.json matches the routes' schemas", { timeout: 120_000 }, async () => {
  const lent = await borrowPglite();
  const database = await openDatabase({ kind: "pglite", dir: null }, { pglite: lent.client });
  try {
    expect(
      readCommittedOpenApiDocument() === (await renderOpenApiDocument(database)),
      "backend/openapi.json is out of date: run `npm run openapi` in backend",
    ).toBe(true);
  } finally {
    await database.close();
    await lent.giveBack();
  }
});
