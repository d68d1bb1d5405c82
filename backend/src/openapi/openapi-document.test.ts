import { expect, it } from "vitest";
import { readCommittedOpenApiDocument, renderOpenApiDocument } from "./openapi-document.js";

it("backend/openapi.json matches the routes' schemas", async () => {
  const rendered = await renderOpenApiDocument();
  expect(
    readCommittedOpenApiDocument() === rendered,
    "backend/openapi.json is out of date: run `npm run openapi` in backend",
  ).toBe(true);
});
