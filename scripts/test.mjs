#!/usr/bin/env node
// Runs every test suite, installing what is missing first, and ends with each suite's time and one
// line of totals. The backend's suite and the end-to-end suite run alone; the others side by side.
// Backend tests run on embedded PGlite, and on PostgreSQL too when TEST_DATABASE_URL is set (CI
// sets it). The web UI's end-to-end tests drive Debian's Chromium (installed when missing) against
// production builds; deployment tests render the Helm chart with the real helm binary. The
// official MCP conformance suite runs against /mcp; each of its checks counts as a test. The CLI's
// tests run its built binary against a backend they start.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { ensureChromium, ensureInstalled, holdingOutput, root, run } from "./lib.mjs";

const backend = path.join(root, "backend");
const chartTests = path.join(root, "charts", "tests");
const cli = path.join(root, "cli");
const conformance = path.join(root, "scripts", "conformance");
const frontend = path.join(root, "frontend");
const reports = fs.mkdtempSync(path.join(os.tmpdir(), "spechub-test-"));
const totals = { passed: 0, failed: 0, skipped: 0 };
const failures = [];
/** The tests that failed, by name, so that the end of a long log says which. */
const failedTests = [];
/** How long each suite took, for the table at the end. */
const timings = [];
const runStarted = performance.now();

function countVitest(file) {
  const report = JSON.parse(fs.readFileSync(file, "utf8"));
  totals.passed += report.numPassedTests;
  totals.failed += report.numFailedTests;
  totals.skipped += report.numPendingTests + (report.numTodoTests ?? 0);
  for (const file of report.testResults) {
    const where = path.relative(root, file.name);
    const failed = file.assertionResults.filter((test) => test.status === "failed");
    for (const test of failed) failedTests.push(`${where} › ${test.fullName}`);
    // A file can fail outside any test: in a hook, or while loading.
    if (failed.length === 0 && file.status === "failed") {
      failedTests.push(`${where}: ${(file.message ?? "").split("\n")[0]}`);
    }
  }
}

/** Runs Vitest in `cwd`, adding its counts (from a JSON report named `name`) to the totals. */
async function runVitest(cwd, name) {
  const report = path.join(reports, `${name}.json`);
  try {
    await run("npx", ["vitest", "run", "--reporter=default", "--reporter=json", `--outputFile.json=${report}`], {
      cwd,
    });
  } finally {
    if (fs.existsSync(report)) countVitest(report);
  }
}

function countPlaywright(file) {
  const { stats, suites } = JSON.parse(fs.readFileSync(file, "utf8"));
  collectPlaywrightFailures(suites);
  totals.passed += stats.expected + stats.flaky;
  totals.failed += stats.unexpected;
  totals.skipped += stats.skipped;
}

/** Adds the names of a Playwright report's failed tests, walking its nested suites. */
function collectPlaywrightFailures(suites, titles = []) {
  for (const suite of suites ?? []) {
    const inner = suite.title ? [...titles, suite.title] : titles;
    for (const spec of suite.specs ?? []) {
      if (spec.tests.some((test) => test.status === "unexpected")) {
        failedTests.push(`${[...inner, spec.title].join(" › ")} (line ${spec.line})`);
      }
    }
    collectPlaywrightFailures(suite.suites, inner);
  }
}

function countTap(file) {
  const text = fs.readFileSync(file, "utf8");
  const read = (label) => Number(new RegExp(`^# ${label} (\\d+)$`, "m").exec(text)?.[1] ?? 0);
  totals.passed += read("pass");
  totals.failed += read("fail");
  totals.skipped += read("skipped") + read("todo");
  for (const [, name] of text.matchAll(/^\s*not ok \d+ - (.*)$/gm)) failedTests.push(`deployment › ${name}`);
}

/**
 * Runs one suite; a failure is remembered and the next suite still runs. With `held`, the output
 * of the commands it runs is printed whole once it ends, so that suites can run side by side.
 */
async function suite(name, body, { held = false } = {}) {
  const output = [];
  if (!held) console.log(`\n=== ${name} ===`);
  const started = performance.now();
  let result = "passed";
  try {
    await (held ? holdingOutput(output, body) : body());
  } catch (error) {
    result = "failed";
    failures.push(`${name}: ${error.message}`);
  }
  const seconds = (performance.now() - started) / 1000;
  if (held) {
    process.stdout.write(`\n=== ${name} (ran side by side with others) ===\n`);
    for (const chunk of output) process.stdout.write(chunk);
  }
  timings.push({ name, seconds, result, sideBySide: held });
}

/** Runs suites side by side; each prints its output once it ends. */
async function together(...suites) {
  await Promise.all(suites.map(([name, body]) => suite(name, body, { held: true })));
}

/** Where the time went, so that a slow suite is noticed (and one that got slower). */
function printTimings() {
  const width = Math.max(...timings.map((timing) => timing.name.length)) + 2;
  const format = (seconds) => {
    const whole = Math.round(seconds);
    return `${Math.floor(whole / 60)}m ${String(whole % 60).padStart(2, "0")}s`;
  };
  console.log(`\n${"suite".padEnd(width)}  ${"time".padStart(7)}  result`);
  for (const { name, seconds, result, sideBySide } of timings) {
    const label = sideBySide ? `∥ ${name}` : name;
    console.log(`${label.padEnd(width)}  ${format(seconds).padStart(7)}  ${result}`);
  }
  const total = (performance.now() - runStarted) / 1000;
  console.log(`${"total (∥: side by side)".padEnd(width)}  ${format(total).padStart(7)}`);
}

// Everything the suites need, first: they then run side by side without installing at once.
await suite("install (npm packages, Chromium, helm)", async () => {
  for (const dir of [backend, cli, conformance, frontend, chartTests]) await ensureInstalled(dir);
  ensureChromium();
});

// The backend's build, once, for every test that starts a backend process (scripts/backend-command.mjs)
// and for the end-to-end suite; its types are checked with the backend's checks below. If it fails
// (and with it the run), those tests start the backend from source.
await suite("backend build (for the backends tests start)", async () => {
  await run("npx", ["tsc", "-p", "tsconfig.build.json", "--noCheck"], { cwd: backend });
  process.env.SPECHUB_BACKEND_BUILT = "1";
});

// Alone: it keeps every core busy by itself.
await suite("backend tests", () => runVitest(backend, "backend"));

/** Whether the frontend suite below got as far as building what the end-to-end suite serves. */
let builtForEndToEnd = false;

// These mostly wait on the servers, CLI runs and helm renders they start; the type checks and the
// web UI's production builds use the cores meanwhile.
await together(
  [
    "backend checks (types, Biome, dependency rules)",
    async () => {
      await run("npx", ["tsc", "--noEmit", "-p", "."], { cwd: backend });
      await run("npx", ["biome", "check", "."], { cwd: backend });
      await run("npm", ["run", "depcruise"], { cwd: backend });
    },
  ],
  [
    // The root biome.json covers scripts/ and charts/tests/, with the backend's Biome.
    "lint (scripts and chart tests)",
    () => run(path.join(backend, "node_modules", ".bin", "biome"), ["check", "."], { cwd: root }),
  ],
  [
    "CLI (the built spechub binary against a real backend)",
    async () => {
      await run("npx", ["tsc", "--noEmit", "-p", "tsconfig.test.json"], { cwd: cli });
      await run("npx", ["biome", "check", "."], { cwd: cli });
      await run("npm", ["run", "build"], { cwd: cli });
      await runVitest(cli, "cli");
    },
  ],
  [
    "MCP conformance (the official suite against /mcp)",
    async () => {
      const report = path.join(reports, "conformance.json");
      try {
        await run(process.execPath, [path.join(conformance, "run.mjs"), "--json", report]);
      } finally {
        if (fs.existsSync(report)) {
          const checks = JSON.parse(fs.readFileSync(report, "utf8"));
          totals.passed += checks.passed;
          totals.failed += checks.failed;
        }
      }
    },
  ],
  [
    "deployment (Helm chart, images, rollout script)",
    async () => {
      const report = path.join(reports, "deployment.tap");
      try {
        await run(
          "npm",
          [
            "test",
            "--",
            // Two files per core: they mostly wait on the helm binary and the shell scripts
            // they run. Measured on 2 cores: 29 s with node's default (one file at a time), 17 s with 4.
            `--test-concurrency=${os.availableParallelism() * 2}`,
            "--test-reporter=spec",
            "--test-reporter-destination=stdout",
            "--test-reporter=tap",
            `--test-reporter-destination=${report}`,
          ],
          { cwd: chartTests },
        );
      } finally {
        if (fs.existsSync(report)) countTap(report);
      }
    },
  ],
  [
    "frontend (checks, unit tests, production builds)",
    async () => {
      // With the route types `next build` checks pages against, generated first.
      await run("npm", ["run", "typecheck"], { cwd: frontend });
      await run("npx", ["biome", "check", "."], { cwd: frontend });
      await run("npm", ["run", "depcruise"], { cwd: frontend });
      await runVitest(frontend, "frontend-unit");
      // What the end-to-end suite serves: the backend's dist/ and the frontend's standalone build.
      // The backend's types are checked in its own suite, the web UI's just above.
      await run(process.execPath, [path.join(frontend, "e2e", "support", "build.mjs"), "--types-checked"], {
        cwd: frontend,
      });
      builtForEndToEnd = true;
    },
  ],
);

// Alone, on the builds above: its browsers and servers keep every core busy, and its waits are
// tuned for that.
await suite("frontend end to end (Chromium)", async () => {
  if (!builtForEndToEnd) throw new Error("skipped: the web UI's checks or production builds failed");
  const report = path.join(reports, "frontend-e2e.json");
  try {
    await run("npx", ["playwright", "test"], { cwd: frontend, env: { ...process.env, E2E_JSON_REPORT: report } });
  } finally {
    if (fs.existsSync(report)) countPlaywright(report);
  }
});

printTimings();
console.log(`\ntests: ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
for (const test of failedTests) console.error(`failed: ${test}`);
for (const failure of failures) console.error(failure);
if (failures.length > 0 || totals.failed > 0 || totals.passed === 0) process.exit(1);
