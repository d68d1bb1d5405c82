#!/usr/bin/env node
// Writes charts/pcp/README.md from values.yaml and readme/README.template.md:
//   npm --prefix charts/tests run readme
import fs from "node:fs";
import { generateReadme, readmePath } from "./lib/readme.mjs";

fs.writeFileSync(readmePath, generateReadme());
console.log(`wrote ${readmePath}`);
