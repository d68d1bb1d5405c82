// Test backends run on embedded PGlite in a folder of their own. In an empty folder PGlite first
// runs initdb and the backend every migration: about 6 s of CPU per start, measured on 2 cores,
// where unpacking the migrated snapshot that the backend's tests keep takes a fraction of a
// second. A backend started on an older snapshot applies the migrations it lacks, as on any upgrade.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const backendModules = fileURLToPath(new URL("../backend/node_modules", import.meta.url));
const snapshots = path.join(backendModules, ".cache", "pglite-snapshots");
const pglitePackage = path.join(backendModules, "@electric-sql", "pglite", "package.json");

/** The newest snapshot made by the PGlite installed now (an older install's may not open), if any. */
function newestSnapshot() {
  if (!fs.existsSync(snapshots) || !fs.existsSync(pglitePackage)) return null;
  const installed = fs.statSync(pglitePackage).mtimeMs;
  const usable = fs
    .readdirSync(snapshots)
    .filter((name) => name.endsWith(".tar"))
    .map((name) => ({ file: path.join(snapshots, name), made: fs.statSync(path.join(snapshots, name)).mtimeMs }))
    .filter(({ made }) => made > installed)
    .sort((a, b) => b.made - a.made);
  return usable[0]?.file ?? null;
}

/**
 * Unpacks the migrated snapshot into `dataDir` (created if missing, and expected empty), when the
 * backend's tests have left one; otherwise leaves it empty for the backend to set up itself.
 * @param {string} dataDir
 * @param {string | null} [snapshot] a snapshot to use instead of looking for one
 * @returns {boolean} whether it was filled
 */
export function seedPgliteData(dataDir, snapshot = newestSnapshot()) {
  if (!snapshot) return false;
  fs.mkdirSync(dataDir, { recursive: true });
  execFileSync("tar", ["-xf", snapshot, "-C", dataDir], { stdio: ["ignore", "ignore", "pipe"] });
  return true;
}
