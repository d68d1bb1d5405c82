// Builds what the end-to-end suite serves: the backend's dist/ and the frontend's production
// build. With E2E_REUSE_BUILD=1, a build that is already there is used as it is. With
// --types-checked (the test runner, which type-checks both packages in suites of their own), the
// builds skip their own type check: 13 s of CPU for the backend and 10 s for the web UI, measured
// on 2 cores.
import fs from "node:fs";
import path from "node:path";
import { backendBuilt } from "../../../scripts/backend-command.mjs";
import { backendDir, frontendDir, run, standaloneDir } from "../../scripts/lib/processes.mjs";

const reuse = process.env.E2E_REUSE_BUILD === "1";
const typesChecked = process.argv.includes("--types-checked");
if (!fs.existsSync(path.join(backendDir, "node_modules"))) {
  await run("npm", ["ci", "--no-audit", "--no-fund"], { cwd: backendDir });
}
// The test runner builds the backend from these sources before its suites.
if (!(reuse || backendBuilt) || !fs.existsSync(path.join(backendDir, "dist", "main.js"))) {
  await run("npx", ["tsc", "-p", "tsconfig.build.json", ...(typesChecked ? ["--noCheck"] : [])], { cwd: backendDir });
}
if (!reuse || !fs.existsSync(path.join(standaloneDir, "server.js"))) {
  const env = { ...process.env, NEXT_TELEMETRY_DISABLED: "1", ...(typesChecked ? { SPECHUB_TYPES_CHECKED: "1" } : {}) };
  await run("npm", ["run", "build"], { cwd: frontendDir, env });
}
