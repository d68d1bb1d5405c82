#!/usr/bin/env node
// One command for a laptop: install what is missing, build, migrate and run SpecHub on the
// embedded database (backend/data) unless DATABASE_URL points elsewhere.
import { spawn } from "node:child_process";
import path from "node:path";
import { ensureInstalled, root, run } from "./lib.mjs";

const backend = path.join(root, "backend");

await ensureInstalled(backend);
await run("npm", ["run", "build"], { cwd: backend });
console.log(`Starting the backend on http://localhost:${process.env.PORT ?? 8000} …`);

// The backend migrates on start; signals are passed on so it can finish requests and close cleanly.
const server = spawn("node", ["dist/main.js"], { cwd: backend, stdio: "inherit" });
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => server.kill(signal));
server.on("exit", (code, signal) => process.exit(code ?? (signal ? 0 : 1)));
