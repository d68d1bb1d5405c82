// Builds what the end-to-end suite serves: the backend's dist/ and the frontend's production
// build. With E2E_REUSE_BUILD=1, a build that is already there is used as it is.
import fs from "node:fs";
import path from "node:path";
import { backendDir, frontendDir, run, standaloneDir } from "../../scripts/lib/processes.mjs";

const reuse = process.env.E2E_REUSE_BUILD === "1";
if (!fs.existsSync(path.join(backendDir, "node_modules"))) {
  await run("npm", ["ci", "--no-audit", "--no-fund"], { cwd: backendDir });
}
if (!reuse || !fs.existsSync(path.join(backendDir, "dist", "main.js"))) {
  await run("npm", ["run", "build"], { cwd: backendDir });
}
if (!reuse || !fs.existsSync(path.join(standaloneDir, "server.js"))) {
  await run("npm", ["run", "build"], { cwd: frontendDir, env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" } });
}
