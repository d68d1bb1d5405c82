import type { TestProject } from "vitest/node";
import { migratedPgliteSnapshot } from "./pglite-snapshot.js";
import { migratedPostgresTemplate } from "./postgres-template.js";

declare module "vitest" {
  export interface ProvidedContext {
    /** The migrated PGlite data directory tarball that every test database starts from. */
    pgliteSnapshot: string;
    /** The migrated PostgreSQL database that every test database is copied from. */
    postgresTemplate: string;
  }
}

/**
 * Migrates once per run, and each test file's database starts from the result: PGlite from a
 * snapshot (kept between runs until a migration changes), PostgreSQL from a template database.
 */
export default async function setup(project: TestProject): Promise<(() => Promise<void>) | undefined> {
  if (project.name === "postgres") {
    const adminUrl = process.env.TEST_DATABASE_URL;
    if (!adminUrl) throw new Error("the postgres project needs TEST_DATABASE_URL");
    const template = await migratedPostgresTemplate(adminUrl);
    project.provide("postgresTemplate", template.name);
    return template.drop;
  }
  project.provide("pgliteSnapshot", await migratedPgliteSnapshot());
  return undefined;
}
