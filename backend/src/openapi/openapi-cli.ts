import fs from "node:fs";
import path from "node:path";
import { openApiFile, renderOpenApiDocument } from "./openapi-document.js";

/** `npm run openapi`: writes backend/openapi.json from the routes' schemas. */
fs.writeFileSync(openApiFile, await renderOpenApiDocument());
console.log(`wrote ${path.relative(process.cwd(), openApiFile)}`);
