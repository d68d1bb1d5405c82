import { defineConfig } from "vitest/config";

/** Every test file runs on embedded PGlite, and again on PostgreSQL when TEST_DATABASE_URL is set. */
const databases = process.env.TEST_DATABASE_URL ? ["pglite", "postgres"] : ["pglite"];

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts"],
    testTimeout: 30_000,
    hookTimeout: 120_000,
    projects: databases.map((name) => ({
      extends: true,
      test: {
        name,
        env: { TEST_DB: name },
        // Embedded databases start from one migrated snapshot instead of migrating per test file.
        globalSetup: name === "pglite" ? ["src/test/global-setup.ts"] : [],
      },
    })),
  },
});
