#!/usr/bin/env node
// The bench's baseline: the least a Fastify process can do per request, `GET /bare` answering a
// small JSON object. Fastify is loaded from the backend's own dependencies, so the baseline runs
// the very version the backend does; no plugins, hooks, schemas or logging.
import { createRequire } from "node:module";
import path from "node:path";
import { root } from "../lib.mjs";

const require = createRequire(path.join(root, "backend", "package.json"));
const Fastify = require("fastify");

const app = Fastify();
app.get("/bare", async () => ({ status: "ok" }));
await app.listen({ host: "127.0.0.1", port: Number(process.env.PORT) });
