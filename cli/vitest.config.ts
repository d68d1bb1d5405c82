import os from "node:os";
import { defineConfig } from "vitest/config";

/** The tests run the built CLI (`dist/main.js`, `npm test` builds it) against a backend they start. */
export default defineConfig({
  test: {
    include: ["test/**/*.test.ts", "src/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Two files per core: a file spends most of its time waiting on the backend it started and on
    // the CLI processes it runs. Measured on 2 cores: 48 s with the default single worker, 31 s with 4.
    maxWorkers: os.availableParallelism() * 2,
  },
});
