import { AsyncLocalStorage } from "node:async_hooks";
import { execFileSync, spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromiumPackage, chromiumPath } from "./chromium.mjs";

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

/** Where `run` sends a command's output when not to the terminal (see `holdingOutput`). */
const heldOutput = new AsyncLocalStorage();

/**
 * Runs a command, inheriting stdio (or, inside `holdingOutput`, adding its output to what is
 * held); rejects on a non-zero exit.
 */
export function run(command, args, options = {}) {
  const held = heldOutput.getStore();
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: held ? ["ignore", "pipe", "pipe"] : "inherit", ...options });
    if (held) {
      child.stdout.on("data", (chunk) => held.push(chunk));
      child.stderr.on("data", (chunk) => held.push(chunk));
    }
    child.on("error", reject);
    // "close" comes once the output is all read, as well as the exit code.
    child.on("close", (code, signal) =>
      code === 0 ? resolve() : reject(new Error(`${command} ${args.join(" ")} exited with ${signal ?? code}`)),
    );
  });
}

/**
 * Runs `body` with the output of every command it runs added to `held` instead of the terminal,
 * so that tasks running side by side can each print theirs whole once done.
 */
export function holdingOutput(held, body) {
  return heldOutput.run(held, body);
}

/**
 * Installs a package folder's dependencies when they are missing or older than its lock file,
 * so `npm start` and `npm test` work on a fresh clone without a separate install step.
 */
export async function ensureInstalled(dir) {
  const lock = path.join(dir, "package-lock.json");
  const installed = path.join(dir, "node_modules", ".package-lock.json");
  const fresh = fs.existsSync(installed) && fs.statSync(installed).mtimeMs >= fs.statSync(lock).mtimeMs;
  if (fresh) return;
  console.log(`Installing dependencies in ${path.relative(root, dir) || "."} …`);
  // The lock file pins every version and checksum: a package already in npm's cache is taken from
  // there without asking the registry about it again (measured: the web UI's install 37 s → 30 s).
  await run("npm", ["ci", "--no-audit", "--no-fund", "--prefer-offline"], { cwd: dir });
}

/**
 * Installs Debian's Chromium headless shell when it is missing (a fresh machine or CI), so
 * `npm test` needs no manual step; the tests themselves only check that it is there. Needs root.
 */
export function ensureChromium() {
  if (fs.existsSync(chromiumPath)) return;
  if (process.getuid?.() !== 0) {
    throw new Error(`${chromiumPath} is missing: install it with \`sudo apt-get install -y ${chromiumPackage}\``);
  }
  console.log(`Installing Debian's ${chromiumPackage} package …`);
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  execFileSync("apt-get", ["update"], { stdio: "inherit", env });
  execFileSync("apt-get", ["install", "-y", chromiumPackage], { stdio: "inherit", env });
  if (!fs.existsSync(chromiumPath)) {
    throw new Error(`apt-get installed ${chromiumPackage}, but ${chromiumPath} is still missing`);
  }
}
