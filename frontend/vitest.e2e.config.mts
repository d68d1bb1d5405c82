import { defineConfig } from "vitest/config";

// End-to-end: the production build and a real backend, driven through Debian's Chromium. One
// backend and one frontend serve every file, so files run one after another.
export default defineConfig({
  test: {
    include: ["e2e/**/*.e2e.ts"],
    globalSetup: ["e2e/support/global-setup.ts"],
    environment: "node",
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 300_000,
  },
});
