// Starting SpecHub's processes for tooling and end-to-end tests: the built backend on a fresh
// embedded database, and the frontend's standalone server, each on a free loopback port.
import { spawn } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const frontendDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
/** The backend package beside this one (override with SPECHUB_BACKEND_DIR). */
export const backendDir = path.resolve(process.env.SPECHUB_BACKEND_DIR ?? path.join(frontendDir, "..", "backend"));

/** The standalone server that `next build` writes (see next.config.ts). */
export const standaloneDir = path.join(frontendDir, ".next", "standalone");

/** How a test backend runs: on loopback, on the embedded database in `dataDir`, logging only warnings. */
export function backendSettings(port, dataDir) {
  return { PORT: String(port), HOST: "127.0.0.1", PGLITE_DIR: dataDir, LOG_LEVEL: "warn", DATABASE_URL: "" };
}

/** How a test frontend runs: the production build on loopback, in front of `backendUrl`. */
export function frontendSettings(port, backendUrl) {
  return { PORT: String(port), HOSTNAME: "127.0.0.1", BACKEND_URL: backendUrl, NODE_ENV: "production" };
}

/** A port nobody listens on right now, chosen by the kernel. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Runs a command to completion with inherited output; rejects on a non-zero exit. */
export function run(command, args, options = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: "inherit", ...options });
    child.on("error", reject);
    child.on("exit", (code, signal) =>
      code === 0 ? resolve() : reject(new Error(`${command} ${args.join(" ")} exited with ${signal ?? code}`)),
    );
  });
}

/** Polls `url` until it answers 2xx, the process dies, or `timeoutMs` passes. */
async function waitUntilReady(url, child, output, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null)
      throw new Error(`process exited with ${child.exitCode} before ${url} answered:\n${output()}`);
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2000) });
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`${url} did not answer within ${timeoutMs} ms:\n${output()}`);
}

/** Servers still running; a test runner that exits early (a timeout) must not leave them behind. */
const running = new Set();
process.on("exit", () => {
  for (const child of running) child.kill("SIGKILL");
});

/**
 * Spawns a long-running server and waits for `readyPath`. The returned handle keeps the last
 * output for error messages and stops the process (SIGTERM, then SIGKILL) on `stop()`.
 */
async function startServer({ name, command, args, cwd, env, port, readyPath, timeoutMs = 60_000 }) {
  const child = spawn(command, args, { cwd, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
  running.add(child);
  child.once("exit", () => running.delete(child));
  let log = "";
  const keep = (chunk) => {
    log = (log + chunk.toString()).slice(-20_000);
  };
  child.stdout.on("data", keep);
  child.stderr.on("data", keep);
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once("exit", resolve));
    child.kill("SIGTERM");
    const timer = setTimeout(() => child.kill("SIGKILL"), 5000);
    await exited;
    clearTimeout(timer);
  };
  try {
    await waitUntilReady(`${url}${readyPath}`, child, () => log, timeoutMs);
  } catch (error) {
    await stop();
    throw new Error(`${name}: ${error.message}`);
  }
  return { name, url, port, output: () => log, stop };
}

/**
 * Starts the built backend (backend/dist) on a new embedded PGlite database in a temp folder,
 * which `stop()` removes again. `env` adds or overrides settings (a lower rate limit, say).
 * @param {{ port?: number, env?: Record<string, string> }} [options]
 */
export async function startBackend({ port, env = {} } = {}) {
  const main = path.join(backendDir, "dist", "main.js");
  if (!fs.existsSync(main)) throw new Error(`${main} is missing: build the backend first (npm run build in backend/)`);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "spechub-pglite-"));
  // Imported here rather than above: the image build copies this package alone, without the
  // repository's scripts/, and runs other functions of this file.
  const { seedPgliteData } = await import("../../../scripts/pglite-seed.mjs");
  seedPgliteData(dataDir);
  const chosen = port ?? (await freePort());
  const server = await startServer({
    name: "backend",
    command: process.execPath,
    args: [main],
    cwd: backendDir,
    env: { ...backendSettings(chosen, dataDir), ...env },
    port: chosen,
    readyPath: "/health",
  });
  return {
    ...server,
    stop: async () => {
      await server.stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * Starts the frontend's standalone server (after `next build`) pointing at `backendUrl`; `env`
 * adds or overrides settings (TRUST_PROXY, say).
 * @param {{ backendUrl?: string, port?: number, env?: Record<string, string> }} [options]
 */
export async function startFrontend({ backendUrl, port, env = {} } = {}) {
  if (!fs.existsSync(path.join(standaloneDir, "server.js")))
    throw new Error("no standalone build: run `npm run build`");
  const chosen = port ?? (await freePort());
  return startServer({
    name: "frontend",
    command: process.execPath,
    args: ["server.js"],
    cwd: standaloneDir,
    env: { ...frontendSettings(chosen, backendUrl), ...env },
    port: chosen,
    // Served by Next itself: answers even when the backend is down, as one test wants it.
    readyPath: "/icon.svg",
  });
}
