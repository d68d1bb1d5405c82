import os from "node:os";
import { configDefaults, defineConfig } from "vitest/config";
import { runOnceTests } from "./src/test/run-once.js";

/**
 * Every test file runs on embedded PGlite, and again on PostgreSQL when TEST_DATABASE_URL is set,
 * but for the few that open no database of the run's (src/test/run-once.ts).
 */
const databases = process.env.TEST_DATABASE_URL ? ["pglite", "postgres"] : ["pglite"];

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts"],
    testTimeout: 30_000,
    hookTimeout: 120_000,
    // Files share their worker's loaded modules instead of loading the app (and compiling PGlite's
    // WebAssembly) again for each file: that took most of the suite's time. Each file still
    // builds its own app on a database of its own, and no test changes a module's state.
    isolate: false,
    // Two files per core: much of a file's time is spent waiting (on PostgreSQL, on the backend
    // processes some tests start, on retry timers). Measured on 2 cores: 2 workers 7 min 37 s,
    // 4 workers 5 min 17 s, 6 workers 6 min 18 s (and CPU-bound tests near their timeout).
    maxWorkers: os.availableParallelism() * 2,
    projects: databases.map((name) => ({
      extends: true,
      test: {
        name,
        env: { TEST_DB: name },
        // Files that open no database of the run's are not run again on PostgreSQL (run-once.ts).
        exclude: name === "postgres" ? [...configDefaults.exclude, ...runOnceTests] : configDefaults.exclude,
        // Test databases start from one migrated snapshot or template instead of migrating per file.
        globalSetup: ["src/test/global-setup.ts"],
      },
    })),
  },
});
