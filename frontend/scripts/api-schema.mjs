#!/usr/bin/env node
// Regenerates (`generate`) or verifies (`check`) src/lib/api/schema.d.ts from the backend's
// OpenAPI document. Starts the built backend on a throw-away embedded database unless
// BACKEND_URL names one that is already running.
import fs from "node:fs";
import path from "node:path";
import { fetchOpenApi, readCommittedSchema, renderSchema, schemaFile } from "./lib/api-schema.mjs";
import { frontendDir, startBackend } from "./lib/processes.mjs";

const mode = process.argv[2];
if (mode !== "generate" && mode !== "check") {
  console.error("usage: node scripts/api-schema.mjs generate|check");
  process.exit(2);
}

const backend = process.env.BACKEND_URL ? null : await startBackend();
let rendered;
try {
  rendered = await renderSchema(await fetchOpenApi(process.env.BACKEND_URL ?? backend.url));
} finally {
  await backend?.stop();
}

const relative = path.relative(frontendDir, schemaFile);
if (mode === "generate") {
  fs.writeFileSync(schemaFile, rendered);
  console.log(`wrote ${relative}`);
} else if (readCommittedSchema() !== rendered) {
  console.error(`${relative} is out of date with the backend's OpenAPI document: run \`npm run api:generate\``);
  process.exit(1);
} else {
  console.log(`${relative} matches the backend's OpenAPI document`);
}
