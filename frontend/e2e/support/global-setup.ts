import fs from "node:fs";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { backendDir, frontendDir, run, startBackend, startFrontend } from "../../scripts/lib/processes.mjs";
import { assertChromium, screenshotDir } from "./chromium";

declare module "vitest" {
  export interface ProvidedContext {
    backendUrl: string;
    frontendUrl: string;
  }
}

/**
 * Builds what the suite tests (the backend's dist/ and the frontend's production build, unless
 * E2E_REUSE_BUILD=1 and both exist), then starts one backend on a fresh embedded database and
 * the frontend's standalone server in front of it, each on a free port.
 */
export default async function setup(project: TestProject) {
  assertChromium();
  fs.rmSync(screenshotDir, { recursive: true, force: true });
  fs.mkdirSync(screenshotDir, { recursive: true });

  const reuse = process.env.E2E_REUSE_BUILD === "1";
  if (!fs.existsSync(path.join(backendDir, "node_modules"))) {
    await run("npm", ["ci", "--no-audit", "--no-fund"], { cwd: backendDir });
  }
  if (!reuse || !fs.existsSync(path.join(backendDir, "dist", "main.js"))) {
    await run("npm", ["run", "build"], { cwd: backendDir });
  }
  if (!reuse || !fs.existsSync(path.join(frontendDir, ".next", "standalone", "server.js"))) {
    await run("npm", ["run", "build"], { cwd: frontendDir, env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" } });
  }

  const backend = await startBackend();
  let frontend: Awaited<ReturnType<typeof startFrontend>>;
  try {
    frontend = await startFrontend({ backendUrl: backend.url });
  } catch (error) {
    await backend.stop();
    throw error;
  }
  project.provide("backendUrl", backend.url);
  project.provide("frontendUrl", frontend.url);
  console.log(`e2e: backend ${backend.url}, frontend ${frontend.url}, screenshots in ${screenshotDir}`);

  return async () => {
    await frontend.stop();
    await backend.stop();
  };
}
