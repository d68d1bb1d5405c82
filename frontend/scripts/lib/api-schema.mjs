// The typed API client's schema: TypeScript declarations generated from the backend's
// OpenAPI document. Shared by the regenerate/check script and the end-to-end suite, which
// checks the committed file against the running backend.
import fs from "node:fs";
import path from "node:path";
import openapiTS, { astToString, COMMENT_HEADER } from "openapi-typescript";
import { frontendDir } from "./processes.mjs";

export const schemaFile = path.join(frontendDir, "src", "lib", "api", "schema.d.ts");

/** Renders an OpenAPI document (an object) as the committed declaration file's text. */
export async function renderSchema(document) {
  const ast = await openapiTS(document, { alphabetize: true });
  return `${COMMENT_HEADER}// Regenerate with \`npm run api:generate\`.\n\n${astToString(ast)}`;
}

/** Fetches `/openapi.json` from a running backend. */
export async function fetchOpenApi(backendUrl) {
  const response = await fetch(new URL("/openapi.json", backendUrl));
  if (!response.ok) throw new Error(`GET ${backendUrl}/openapi.json answered ${response.status}`);
  return response.json();
}

export function readCommittedSchema() {
  return fs.existsSync(schemaFile) ? fs.readFileSync(schemaFile, "utf8") : "";
}
