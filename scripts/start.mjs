#!/usr/bin/env node
// One command for a laptop: install what is missing, build, then run the backend (:8000, which
// migrates the embedded database in backend/data unless DATABASE_URL points elsewhere) and the
// web UI (:3000) together with prefixed logs. Ctrl-C stops both.
import { spawn } from "node:child_process";
import path from "node:path";
import readline from "node:readline";
import { ensureInstalled, root, run } from "./lib.mjs";

const backend = path.join(root, "backend");
const frontend = path.join(root, "frontend");
const backendPort = process.env.PORT ?? "8000";
const frontendPort = process.env.FRONTEND_PORT ?? "3000";

for (const dir of [backend, frontend]) await ensureInstalled(dir);
await run("npm", ["run", "build"], { cwd: backend });
await run("npm", ["run", "build"], { cwd: frontend, env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" } });

const children = [];
let stopping = false;

function launch(name, args, cwd, env) {
  const child = spawn(process.execPath, args, {
    cwd,
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  for (const stream of [child.stdout, child.stderr]) {
    readline.createInterface({ input: stream }).on("line", (line) => console.log(`[${name}] ${line}`));
  }
  child.on("exit", (code, signal) => {
    if (!stopping) {
      console.error(`[${name}] exited (${signal ?? code}); stopping the rest`);
      stop(code ?? 1);
    }
  });
  children.push(child);
}

function stop(code = 0) {
  stopping = true;
  for (const child of children) if (child.exitCode === null) child.kill("SIGTERM");
  Promise.all(
    children.map(
      (child) => new Promise((resolve) => (child.exitCode !== null ? resolve() : child.once("exit", resolve))),
    ),
  ).then(() => process.exit(code));
}

process.on("SIGINT", () => stop(0));
process.on("SIGTERM", () => stop(0));

launch("backend", ["dist/main.js"], backend, { PORT: backendPort });
launch("frontend", [".next/standalone/server.js"], frontend, {
  PORT: frontendPort,
  HOSTNAME: process.env.FRONTEND_HOST ?? "0.0.0.0",
  BACKEND_URL: process.env.BACKEND_URL ?? `http://127.0.0.1:${backendPort}`,
});
console.log(`SpecHub: web UI on http://localhost:${frontendPort}, API on http://localhost:${backendPort}`);
