// The typed API client's schema: TypeScript declarations generated from the backend's committed
// OpenAPI document (backend/openapi.json). Shared by the regenerate/check script and the unit
// test that fails when the committed declarations drift from that document.
import fs from "node:fs";
import path from "node:path";
import openapiTS, { astToString, COMMENT_HEADER } from "openapi-typescript";
import { backendDir, frontendDir } from "./processes.mjs";

export const openApiFile = path.join(backendDir, "openapi.json");
export const schemaFile = path.join(frontendDir, "src", "lib", "api", "schema.d.ts");

/** backend/openapi.json, parsed; `npm run openapi` in backend/ writes it. */
export function readOpenApi() {
  return JSON.parse(fs.readFileSync(openApiFile, "utf8"));
}

/** Renders an OpenAPI document (an object) as the committed declaration file's text. */
export async function renderSchema(document) {
  const ast = await openapiTS(document, { alphabetize: true });
  return `${COMMENT_HEADER}// Regenerate with \`npm run api:generate\`.\n\n${astToString(ast)}`;
}
