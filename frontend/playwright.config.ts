import { defineConfig } from "@playwright/test";
import { chromiumArgs, chromiumPath } from "./e2e/support/chromium";
import { slotPorts, workerCount } from "./e2e/support/servers";
import { frontendSettings, standaloneDir } from "./scripts/lib/processes.mjs";

/**
 * One backend and one frontend per worker slot: a worker runs its files one after another on its
 * own servers, and files on different workers never share data. `npm run test:e2e` builds first
 * (e2e/support/build.mjs); the servers here only run what was built.
 */
function slotServers(slot: number) {
  const ports = slotPorts(slot);
  const backendUrl = `http://127.0.0.1:${ports.backend}`;
  const stop = { signal: "SIGTERM", timeout: 5_000 } as const;
  return [
    {
      name: `backend ${slot}`,
      command: `node e2e/support/serve-backend.mjs ${ports.backend} ${slot}`,
      url: `${backendUrl}/health`,
      reuseExistingServer: false,
      gracefulShutdown: stop,
      timeout: 60_000,
    },
    {
      name: `frontend ${slot}`,
      command: "node server.js",
      cwd: standaloneDir,
      env: frontendSettings(ports.frontend, backendUrl),
      // Served by Next itself, so it answers even while the backend is down (phone.e2e.ts needs that).
      url: `http://127.0.0.1:${ports.frontend}/icon.svg`,
      reuseExistingServer: false,
      gracefulShutdown: stop,
      timeout: 60_000,
    },
  ];
}

export default defineConfig({
  testDir: "e2e",
  testMatch: "**/*.e2e.ts",
  globalSetup: "./e2e/support/global-setup.ts",
  workers: workerCount,
  // A file is one story told in order (each sets mode "serial"); files are what run side by side.
  fullyParallel: false,
  forbidOnly: true,
  retries: 0,
  timeout: 90_000,
  expect: { timeout: 10_000 },
  // `npm test` asks for a JSON report too (E2E_JSON_REPORT), to add the counts to its totals.
  reporter: process.env.E2E_JSON_REPORT
    ? [["list"], ["json", { outputFile: process.env.E2E_JSON_REPORT }]]
    : [["list"]],
  use: {
    browserName: "chromium",
    headless: true,
    launchOptions: { executablePath: chromiumPath, args: chromiumArgs },
  },
  webServer: Array.from({ length: workerCount }, (_, slot) => slotServers(slot)).flat(),
});
