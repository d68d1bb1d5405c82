#!/usr/bin/env node
// Entry point of `npm run bench`: installs what the benchmark and the backend need (a fresh clone
// has neither), then runs it. The benchmark imports its load generators statically, so it is
// loaded only once they are installed.
import path from "node:path";
import { ensureInstalled, root } from "../lib.mjs";

await ensureInstalled(path.join(root, "scripts", "bench"));
await ensureInstalled(path.join(root, "backend"));
await import("./benchmark.mjs");
