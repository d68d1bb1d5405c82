#!/usr/bin/env node
// Frontend performance figures, measured on the production build (run `npm run build` first):
//
//   node scripts/measure.mjs            both parts
//   node scripts/measure.mjs --bundles  first-load JavaScript per route only (no servers)
//   node scripts/measure.mjs --tti      time to interactive of /prompts only
//
// Part one reads .next and adds up, per page, the gzip size of the JavaScript a first visit
// loads: Next's root chunks (build-manifest.json `rootMainFiles`) plus every chunk the page's
// segments list (server/app/**/page_client-reference-manifest.js `entryJSFiles`: root layout,
// group layouts, error and not-found boundaries, the page). Chunks loaded later by dynamic
// imports are not counted. Part two starts the built backend (backend/dist) on a temporary
// embedded database and the standalone frontend, seeds 1,000 prompts through the API, and loads
// /prompts in Chromium five times, each in a fresh browser context (cold cache), reporting the
// median of the navigation timings and of the time until the list's first row is drawn.
import fs from "node:fs";
import path from "node:path";
import vm from "node:vm";
import zlib from "node:zlib";
import { chromium } from "playwright-core";
import { frontendDir, startBackend, startFrontend } from "./lib/processes.mjs";

const nextDir = path.join(frontendDir, ".next");
const budgetKb = 200;
const runs = 5;
const promptCount = 1000;

const kb = (bytes) => (bytes / 1024).toFixed(1);
const gzipSizes = new Map();
function gzipSize(file) {
  if (!gzipSizes.has(file)) {
    gzipSizes.set(file, zlib.gzipSync(fs.readFileSync(path.join(nextDir, file)), { level: 9 }).length);
  }
  return gzipSizes.get(file);
}
const total = (files) => [...files].reduce((sum, file) => sum + gzipSize(file), 0);

/** Every page_client-reference-manifest.js under server/app, evaluated into its route and chunk lists. */
function pageManifests() {
  const found = [];
  const walk = (dir) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name === "page_client-reference-manifest.js") found.push(full);
    }
  };
  walk(path.join(nextDir, "server", "app"));
  return found.map((file) => {
    // The manifest is a script that assigns globalThis.__RSC_MANIFEST[<route>]: run it in a sandbox.
    const sandbox = { globalThis: {} };
    sandbox.self = sandbox.globalThis;
    vm.runInNewContext(fs.readFileSync(file, "utf8"), sandbox);
    const [[key, manifest]] = Object.entries(sandbox.globalThis.__RSC_MANIFEST);
    // "/(app)/prompts/[name]/page" → "/prompts/[name]": route groups are not part of the URL.
    const route = key.replace(/\/page$/, "").replace(/\/\([^)]+\)/g, "") || "/";
    return { route, segments: manifest.entryJSFiles };
  });
}

function measureBundles() {
  const build = JSON.parse(fs.readFileSync(path.join(nextDir, "build-manifest.json"), "utf8"));
  const pages = pageManifests().filter(({ route }) => !route.startsWith("/_"));
  // Shared: the root chunks plus the root layout's, which every page loads.
  const rootLayout = pages[0]?.segments["[project]/src/app/layout"] ?? [];
  const shared = new Set([...build.rootMainFiles, ...rootLayout]);

  const rows = pages
    .map(({ route, segments }) => {
      const files = new Set([...shared, ...Object.values(segments).flat()]);
      const own = [...files].filter((file) => !shared.has(file));
      const pageChunks = segments[Object.keys(segments).find((key) => key.endsWith("/page"))] ?? [];
      return { route, firstLoad: total(files), own: total(own), ownFiles: own, pageChunks };
    })
    .sort((a, b) => a.route.localeCompare(b.route));

  console.log(`\nFirst-load JavaScript per page (gzip -9), budget ${budgetKb} kB\n`);
  console.log(`shared by every page: ${kb(total(shared))} kB (${shared.size} chunks)\n`);
  console.log("route".padEnd(34), "first load".padStart(11), "beyond shared".padStart(14), " budget");
  for (const row of rows) {
    const over = row.firstLoad / 1024 > budgetKb;
    console.log(
      row.route.padEnd(34),
      `${kb(row.firstLoad)} kB`.padStart(11),
      `${kb(row.own)} kB`.padStart(14),
      over ? " MISSES" : " ok",
    );
  }

  // The biggest chunks any page loads. Production chunks carry no module paths, so each is
  // named by strings its libraries are known to contain.
  const everyFile = new Set(rows.flatMap((row) => [...shared, ...row.ownFiles]));
  const biggest = [...everyFile].sort((a, b) => gzipSize(b) - gzipSize(a)).slice(0, 10);
  console.log("\nlargest first-load chunks (gzip) and the pages that load them beyond the shared set:");
  for (const file of biggest) {
    const text = fs.readFileSync(path.join(nextDir, file), "utf8");
    const libraries = signatures.filter(([pattern]) => pattern.test(text)).map(([, name]) => name);
    const users = shared.has(file)
      ? ["(shared)"]
      : rows.filter((row) => row.ownFiles.includes(file)).map((r) => r.route);
    console.log(
      `  ${kb(gzipSize(file)).padStart(6)} kB  ${path.basename(file)}  ${libraries.join(", ") || "app code"}  — ${users.join(" ")}`,
    );
  }
  return rows;
}

/** Strings that give a library away inside a minified chunk. */
const signatures = [
  [/__reactFiber/, "react-dom"],
  [/next-router/, "next runtime"],
  [/react-flow/, "@xyflow/react"],
  [/ZodError/, "zod"],
  [/shouldUnregister/, "react-hook-form"],
  [/data-radix/, "radix-ui"],
  [/cm-content/, "codemirror"],
  [/recharts/, "recharts"],
  [/queryHash/, "@tanstack/react-query"],
];

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
};

async function measurePromptList() {
  const admin = { username: "perf-admin", password: "perf admin password", email: "perf@example.com" };
  const backend = await startBackend();
  let frontend;
  let browser;
  try {
    frontend = await startFrontend({ backendUrl: backend.url });
    const base = frontend.url;
    // Seeding goes to the backend directly; the Origin header satisfies its check on unsafe methods.
    const register = await fetch(`${backend.url}/api/v1/auth/register`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: backend.url },
      body: JSON.stringify({
        org_name: "Perf Org",
        org_slug: "perf-org",
        display_name: "Perf Admin",
        email: admin.email,
        username: admin.username,
        password: admin.password,
      }),
    });
    if (!register.ok) throw new Error(`register: ${register.status} ${await register.text()}`);
    const cookie = register.headers
      .getSetCookie()
      .map((line) => line.split(";")[0])
      .join("; ");

    const started = Date.now();
    let next = 0;
    const worker = async () => {
      while (next < promptCount) {
        const index = next++;
        const response = await fetch(`${backend.url}/api/v1/prompts`, {
          method: "POST",
          headers: { "content-type": "application/json", origin: backend.url, cookie },
          body: JSON.stringify({
            name: `perf-prompt-${String(index).padStart(4, "0")}`,
            description: `Seeded prompt number ${index} for the list timing.`,
            version: { version: "1.0.0", user_template: "Summarise: {{ input }}" },
          }),
        });
        if (response.status !== 201)
          throw new Error(`create prompt ${index}: ${response.status} ${await response.text()}`);
      }
    };
    await Promise.all(Array.from({ length: 8 }, worker));
    console.log(`\nseeded ${promptCount} prompts in ${((Date.now() - started) / 1000).toFixed(1)} s`);

    browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      headless: true,
      args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"],
    });
    const samples = [];
    for (let run = 0; run < runs; run += 1) {
      // A new context per run: empty cache, so each load fetches every chunk as a first visit does.
      const context = await browser.newContext({ viewport: { width: 1280, height: 860 }, baseURL: base });
      const login = await context.request.post("/api/v1/auth/login", {
        data: { email: admin.username, password: admin.password },
        headers: { origin: base },
      });
      if (!login.ok()) throw new Error(`login: ${login.status()} ${await login.text()}`);
      const page = await context.newPage();
      await page.goto("/prompts");
      // A row with a link is a real prompt; the loading skeleton's rows have none.
      await page.locator('tbody tr a[href^="/prompts/"]').first().waitFor({ state: "visible", timeout: 30_000 });
      const firstRow = await page.evaluate(() => performance.now());
      await page.waitForLoadState("load");
      const timing = await page.evaluate(() => {
        const [navigation] = performance.getEntriesByType("navigation");
        return { domInteractive: navigation.domInteractive, load: navigation.loadEventEnd };
      });
      samples.push({ ...timing, firstRow });
      console.log(
        `run ${run + 1}: domInteractive ${timing.domInteractive.toFixed(0)} ms, load ${timing.load.toFixed(0)} ms, first row ${firstRow.toFixed(0)} ms`,
      );
      await context.close();
    }
    const result = {
      domInteractive: median(samples.map((s) => s.domInteractive)),
      load: median(samples.map((s) => s.load)),
      firstRow: median(samples.map((s) => s.firstRow)),
    };
    console.log(
      `median of ${runs}: domInteractive ${result.domInteractive.toFixed(0)} ms, load ${result.load.toFixed(0)} ms, first row visible ${result.firstRow.toFixed(0)} ms`,
    );
    return result;
  } finally {
    await browser?.close();
    await frontend?.stop();
    await backend.stop();
  }
}

const only = process.argv[2];
if (!fs.existsSync(path.join(nextDir, "build-manifest.json"))) {
  console.error("no production build in .next: run `npm run build` first");
  process.exit(1);
}
if (only !== "--tti") measureBundles();
if (only !== "--bundles") await measurePromptList();
