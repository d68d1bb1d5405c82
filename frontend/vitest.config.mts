import path from "node:path";
import { defineConfig } from "vitest/config";

// Unit tests: pure logic next to the code it tests (src/**/*.test.ts). End-to-end tests are
// Playwright's (playwright.config.ts).
export default defineConfig({
  resolve: { alias: { "@": path.resolve(import.meta.dirname, "src") } },
  test: {
    include: ["src/**/*.test.ts", "src/**/*.test.tsx"],
    environment: "node",
  },
});
