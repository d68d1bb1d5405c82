#!/usr/bin/env node
// `output: "standalone"` leaves the browser assets (.next/static) and public/ out of
// .next/standalone; copying them in makes that folder a complete, runnable app (`npm start`).
import fs from "node:fs";
import path from "node:path";
import { frontendDir, standaloneDir } from "./lib/processes.mjs";

if (!fs.existsSync(standaloneDir)) {
  console.error("no .next/standalone: run `next build` first");
  process.exit(1);
}
for (const [from, to] of [
  [path.join(frontendDir, ".next", "static"), path.join(standaloneDir, ".next", "static")],
  [path.join(frontendDir, "public"), path.join(standaloneDir, "public")],
]) {
  fs.rmSync(to, { recursive: true, force: true });
  fs.cpSync(from, to, { recursive: true });
}
console.log("copied .next/static and public/ into .next/standalone");
