import fs from "node:fs";
import path from "node:path";
import { expect, it } from "vitest";
import { runOnceTests } from "./run-once.js";

it("lists test files that exist, each of them once", () => {
  const backendDir = path.resolve(import.meta.dirname, "..", "..");
  const missing = runOnceTests.filter((file) => !fs.existsSync(path.join(backendDir, file)));
  expect(missing).toEqual([]);
  expect(new Set(runOnceTests).size).toBe(runOnceTests.length);
});
