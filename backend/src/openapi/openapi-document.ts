import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { loadConfig } from "../config.js";
import { type Database, openDatabase } from "../db/client.js";
import { runMigrations } from "../db/migrate.js";
import { buildApp } from "../http/app.js";

/** backend/openapi.json: the committed API contract the web UI and the CLI generate their clients from. */
export const openApiFile = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..", "openapi.json");

/**
 * The app's OpenAPI document as the committed file's text. The app is built with the default
 * configuration (no environment), so the document does not depend on the machine that writes it.
 * The routes' schemas do not depend on the data either: without `database`, a throw-away embedded
 * one is opened and migrated; the test passes one of its migrated databases instead.
 */
export async function renderOpenApiDocument(database?: Database): Promise<string> {
  if (!database) {
    const throwAway = await openDatabase({ kind: "pglite", dir: null });
    try {
      await runMigrations(throwAway);
      return await renderOpenApiDocument(throwAway);
    } finally {
      await throwAway.close();
    }
  }
  const app = await buildApp({ config: loadConfig({}), database, logger: false });
  try {
    await app.ready();
    return `${JSON.stringify(sortKeys(app.swagger()), null, 2)}\n`;
  } finally {
    await app.close();
  }
}

export function readCommittedOpenApiDocument(): string {
  return fs.existsSync(openApiFile) ? fs.readFileSync(openApiFile, "utf8") : "";
}

/** Objects with their keys in alphabetical order, at every depth; arrays keep their order. */
function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== "object") return value;
  return Object.fromEntries(
    Object.keys(value)
      .sort()
      .map((key) => [key, sortKeys((value as Record<string, unknown>)[key])]),
  );
}
