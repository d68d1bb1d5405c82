#!/usr/bin/env node
// Runs every test suite, installing what is missing first. Backend tests run on embedded PGlite,
// and on PostgreSQL too when TEST_DATABASE_URL is set (CI sets it).
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { ensureInstalled, root, run } from "./lib.mjs";

const backend = path.join(root, "backend");
const results = fs.mkdtempSync(path.join(os.tmpdir(), "spechub-test-"));
const totals = { passed: 0, failed: 0, skipped: 0 };

function countVitest(file) {
  const report = JSON.parse(fs.readFileSync(file, "utf8"));
  totals.passed += report.numPassedTests;
  totals.failed += report.numFailedTests;
  totals.skipped += report.numPendingTests + (report.numTodoTests ?? 0);
}

let failure;
try {
  await ensureInstalled(backend);
  await run("npx", ["tsc", "--noEmit", "-p", "."], { cwd: backend });
  const report = path.join(results, "backend.json");
  try {
    await run("npx", ["vitest", "run", "--reporter=default", "--reporter=json", `--outputFile.json=${report}`], {
      cwd: backend,
    });
  } finally {
    if (fs.existsSync(report)) countVitest(report);
  }
} catch (error) {
  failure = error;
}

console.log(`\ntests: ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
if (failure) {
  console.error(failure.message);
  process.exit(1);
}
if (totals.failed > 0 || totals.passed === 0) process.exit(1);
