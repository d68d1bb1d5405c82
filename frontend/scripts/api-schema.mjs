#!/usr/bin/env node
// Regenerates (`generate`) or verifies (`check`) the API client's generated files from the
// backend's committed OpenAPI document, backend/openapi.json: src/lib/api/schema.d.ts (types)
// and src/lib/api/rules.ts (request rules), and the command line's copy of the rules,
// cli/src/api/rules.ts. No backend needs to run.
import fs from "node:fs";
import path from "node:path";
import { cliRulesFile, renderRules, rulesFile } from "./lib/api-rules.mjs";
import { readOpenApi, renderSchema, schemaFile } from "./lib/api-schema.mjs";
import { frontendDir } from "./lib/processes.mjs";

const mode = process.argv[2];
if (mode !== "generate" && mode !== "check") {
  console.error("usage: node scripts/api-schema.mjs generate|check");
  process.exit(2);
}

const document = readOpenApi();
const generated = [
  [schemaFile, await renderSchema(document)],
  [rulesFile, renderRules(document)],
  [cliRulesFile, renderRules(document)],
];

let outdated = false;
for (const [file, text] of generated) {
  const relative = path.relative(frontendDir, file);
  if (mode === "generate") {
    fs.writeFileSync(file, text);
    console.log(`wrote ${relative}`);
  } else if (!fs.existsSync(file) || fs.readFileSync(file, "utf8") !== text) {
    console.error(`${relative} is out of date with backend/openapi.json: run \`npm run api:generate\``);
    outdated = true;
  } else {
    console.log(`${relative} matches backend/openapi.json`);
  }
}
if (outdated) process.exit(1);
