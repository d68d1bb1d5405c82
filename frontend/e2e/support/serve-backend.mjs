// Starts the built backend for one end-to-end worker slot on a fresh embedded database:
// `node e2e/support/serve-backend.mjs <port> <slot>`. The slot's data folder is emptied first,
// so every run starts from a fresh install; the backend's own SIGTERM handling stops it.
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { seedPgliteData } from "../../../scripts/pglite-seed.mjs";
import { backendDir, backendSettings, frontendDir } from "../../scripts/lib/processes.mjs";

const [port, slot] = process.argv.slice(2);
if (!port || !slot) throw new Error("usage: serve-backend.mjs <port> <slot>");

const dataDir = path.join(frontendDir, "artifacts", "e2e-data", `slot-${slot}`);
fs.rmSync(dataDir, { recursive: true, force: true });
fs.mkdirSync(dataDir, { recursive: true });
seedPgliteData(dataDir);

Object.assign(process.env, backendSettings(port, dataDir));
process.chdir(backendDir);
await import(pathToFileURL(path.join(backendDir, "dist", "main.js")).href);
