import { defineConfig } from "vitest/config";

/** The tests run the built CLI (`dist/main.js`, `npm test` builds it) against a backend they start. */
export default defineConfig({
  test: {
    include: ["test/**/*.test.ts", "src/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
