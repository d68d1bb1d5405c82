#!/usr/bin/env node
// Entry point of `npm run bench` (and of `npm run bench:scale` and `bench:soak`, with the argument
// `scale` or `soak`): installs what the benchmark and the backend need (a fresh clone has neither),
// then runs it. The benchmarks import their dependencies statically, so they are loaded only once
// those are installed.
import path from "node:path";
import { ensureInstalled, root } from "../lib.mjs";

await ensureInstalled(path.join(root, "scripts", "bench"));
await ensureInstalled(path.join(root, "backend"));
const benchmarks = { scale: "./scale.mjs", soak: "./soak.mjs" };
await import(benchmarks[process.argv[2]] ?? "./benchmark.mjs");
