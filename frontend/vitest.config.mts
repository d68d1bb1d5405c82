import path from "node:path";
import { defineConfig } from "vitest/config";

// Unit tests: pure logic next to the code it tests (src/**/*.test.ts). End-to-end tests are
// Playwright's (playwright.config.ts).
export default defineConfig({
  resolve: { alias: { "@": path.resolve(import.meta.dirname, "src") } },
  test: {
    include: ["src/**/*.test.ts", "src/**/*.test.tsx"],
    environment: "node",
    // Files share their worker's loaded modules instead of each starting a fresh one: the tests
    // themselves take a second, and starting a module graph per file took 25 s of 28 (2 cores).
    // A test that mocks a module (vi.mock) mocks it in its own file only.
    isolate: false,
  },
});
