// System tools some tests need, installed from Debian packages when missing (CI machines
// start fresh). apt-get update runs once per process, and only when something must be installed.
import { spawnSync } from "node:child_process";

let aptUpdated = false;

function onPath(command) {
  return spawnSync("sh", ["-c", `command -v ${command}`], { encoding: "utf8" }).status === 0;
}

function run(command, args) {
  const result = spawnSync(command, args, {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" },
  });
  if (result.error) throw result.error;
  if (result.status !== 0) throw new Error(`${command} ${args.join(" ")} failed:\n${result.stdout}${result.stderr}`);
}

/** Makes sure `command` is on PATH, installing Debian package `pkg` with apt-get if needed. */
export function ensureDebianTool(command, pkg = command) {
  if (onPath(command)) return;
  if (!onPath("apt-get")) throw new Error(`${command} is missing and apt-get is not available to install ${pkg}`);
  if (typeof process.getuid === "function" && process.getuid() !== 0) {
    throw new Error(`${command} is missing: install the Debian package ${pkg} (apt-get needs root)`);
  }
  if (!aptUpdated) {
    run("apt-get", ["update", "-qq"]);
    aptUpdated = true;
  }
  run("apt-get", ["install", "-y", "-qq", "--no-install-recommends", pkg]);
  if (!onPath(command)) throw new Error(`installed ${pkg} but ${command} is still not on PATH`);
}
