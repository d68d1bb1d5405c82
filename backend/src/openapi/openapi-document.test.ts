import { expect, it } from "vitest";
import { readCommittedOpenApiDocument, renderOpenApiDocument } from "./openapi-document.js";

// Rendering every route's schema is CPU work: give it room when the suite keeps every core busy.
it("backend/openapi.json matches the routes' schemas", { timeout: 120_000 }, async () => {
  const rendered = await renderOpenApiDocument();
  expect(
    readCommittedOpenApiDocument() === rendered,
    "backend/openapi.json is out of date: run `npm run openapi` in backend",
  ).toBe(true);
});
