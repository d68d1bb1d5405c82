import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { PGlite } from "@electric-sql/pglite";
import { openDatabase } from "../db/client.js";
import { MIGRATIONS_FOLDER, runMigrations } from "../db/migrate.js";

/** Outside the repository, and dropped with the installed packages that the snapshot depends on. */
const CACHE_DIR = fileURLToPath(new URL("../../node_modules/.cache/pglite-snapshots", import.meta.url));
const PGLITE_PACKAGE = fileURLToPath(new URL("../../node_modules/@electric-sql/pglite/package.json", import.meta.url));

/**
 * The path of a PGlite data directory tarball with every migration applied. Built once and kept
 * until a migration or the PGlite version changes: migrating takes seconds, loading the tarball
 * a fraction of that.
 */
export async function migratedPgliteSnapshot(): Promise<string> {
  const file = path.join(CACHE_DIR, `${snapshotKey()}.tar`);
  if (fs.existsSync(file)) return file;
  const database = await openDatabase({ kind: "pglite", dir: null, readCache: false });
  try {
    await runMigrations(database);
    const client = (database.db as unknown as { $client: PGlite }).$client;
    const tarball = Buffer.from(await (await client.dumpDataDir("none")).arrayBuffer());
    fs.mkdirSync(CACHE_DIR, { recursive: true });
    // Written aside and renamed, so a test run started meanwhile never reads half a tarball.
    const partial = `${file}.${process.pid}.partial`;
    fs.writeFileSync(partial, tarball);
    fs.renameSync(partial, file);
  } finally {
    await database.close();
  }
  // Snapshots of earlier migrations are never read again.
  for (const name of fs.readdirSync(CACHE_DIR)) {
    const old = path.join(CACHE_DIR, name);
    if (name.endsWith(".tar") && old !== file) fs.rmSync(old, { force: true });
  }
  return file;
}

/** A hash of every migration file and of the PGlite version that the tarball's format belongs to. */
function snapshotKey(): string {
  const hash = createHash("sha256");
  hash.update(JSON.parse(fs.readFileSync(PGLITE_PACKAGE, "utf8")).version);
  const files = fs.readdirSync(MIGRATIONS_FOLDER, { recursive: true, encoding: "utf8" }).sort();
  for (const name of files) {
    const full = path.join(MIGRATIONS_FOLDER, name);
    if (!fs.statSync(full).isFile()) continue;
    hash.update(name).update(fs.readFileSync(full));
  }
  return hash.digest("hex").slice(0, 16);
}
