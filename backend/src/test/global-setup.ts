import type { TestProject } from "vitest/node";
import { migratedPgliteSnapshot } from "./pglite-snapshot.js";

declare module "vitest" {
  export interface ProvidedContext {
    /** The migrated PGlite data directory tarball that every test database starts from. */
    pgliteSnapshot: string;
  }
}

/** Migrates once per run (or reuses the cached result); each test file then loads the snapshot. */
export default async function setup(project: TestProject): Promise<void> {
  project.provide("pgliteSnapshot", await migratedPgliteSnapshot());
}
