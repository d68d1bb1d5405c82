#!/usr/bin/env node
// Throughput and latency of SpecHub's hot paths, measured against a real backend process:
// GET /health (the floor), POST /api/v1/expand/{name} with an API key, and MCP sh-run through
// the official SDK client; and, as the yardstick, a bare Fastify route in a process of its own.
// Prints req/s, p50/p99 and each scenario's throughput as a ratio to the bare route's.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import autocannon from "autocannon";
import { root, run } from "../lib.mjs";
import { createBenchDatabase, freePort, startBackend, startBareServer, stopProcess } from "./backend.mjs";
import { measureMcpRuns } from "./mcp.mjs";
import { seedOrganization } from "./seed.mjs";

const DURATION_S = Number(process.env.BENCH_DURATION ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);
const MCP_SESSIONS = Number(process.env.BENCH_MCP_SESSIONS ?? 8);
/** Which scenarios to run, e.g. `bare,mcp` while profiling MCP; ratios need `bare`. */
const SCENARIOS = new Set((process.env.BENCH_SCENARIOS ?? "bare,health,expand,mcp").split(",").map((s) => s.trim()));
/**
 * Least throughput of each scenario as a share of the bare route's, measured in the same run: a
 * ratio holds up on a busy machine where raw req/s do not. MCP counts sh-run calls per second.
 */
const TARGETS = { expand: 0.45, mcp: 0.2 };
const backend = path.join(root, "backend");

/**
 * CPU time the backend process has used so far, in ms (Linux /proc; null elsewhere). Divided by
 * the requests of a scenario it gives the backend's cost per request, which, unlike req/s, holds
 * up when other work shares the machine.
 */
function backendCpuMs(pid) {
  try {
    const fields = fs.readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // utime + stime, in clock ticks of 1/100 s
  } catch {
    return null;
  }
}

/** Runs a scenario and adds the backend's CPU time per request to its summary. */
async function measured(pid, scenario) {
  const before = backendCpuMs(pid);
  const row = await scenario();
  if (!row) return null;
  const after = backendCpuMs(pid);
  const requests = row.requests_per_s * DURATION_S;
  return {
    ...row,
    backend_cpu_ms_per_req:
      before === null || after === null || requests === 0 ? null : +((after - before) / requests).toFixed(3),
  };
}

function load(options) {
  return new Promise((resolve, reject) => {
    autocannon({ connections: CONNECTIONS, duration: DURATION_S, ...options }, (error, result) =>
      error ? reject(error) : resolve(result),
    );
  });
}

const summary = (name, result) => ({
  name,
  requests_per_s: Math.round(result.requests.average),
  p50_ms: result.latency.p50,
  p99_ms: result.latency.p99,
  errors: result.errors + result.non2xx,
});

/**
 * Each scenario's throughput as a ratio to the bare route's, and whether it meets its target.
 * Beside it, the same ratio from CPU time per request (bare's over the scenario's): what the ratio
 * would be if each process had a core to itself, steadier than req/s when other work competes.
 */
function ratioSummary(bare, scenarios) {
  return Object.entries(scenarios)
    .filter(([, row]) => row)
    .map(([key, row]) => {
      const ratio = row.requests_per_s / bare.requests_per_s;
      const target = TARGETS[key];
      return {
        scenario: row.name,
        requests_per_s: row.requests_per_s,
        ratio_to_bare: +ratio.toFixed(3),
        cpu_ratio_to_bare: row.backend_cpu_ms_per_req
          ? +(bare.backend_cpu_ms_per_req / row.backend_cpu_ms_per_req).toFixed(3)
          : null,
        target: target === undefined ? "" : `>= ${target}`,
        met: target === undefined ? "" : ratio >= target ? "yes" : "NO",
      };
    });
}

await run("npm", ["run", "build"], { cwd: backend });

const database = await createBenchDatabase();
const pgliteDir = database ? null : fs.mkdtempSync(path.join(os.tmpdir(), "pcp-bench-"));
const port = await freePort();
let bareServer = null;
const { child, base } = await startBackend({
  PORT: String(port),
  // The bench is one caller hammering on purpose (one key drives every MCP session): per-caller limits off.
  MCP_RATE_LIMIT_MAX: "0",
  EXPAND_RATE_LIMIT_MAX: "0",
  WORKFLOW_RUN_RATE_LIMIT_MAX: "0",
  ...(database ? { DATABASE_URL: database.url } : { DATABASE_URL: "", PGLITE_DIR: pgliteDir }),
});

try {
  console.log(`Seeding (${database ? "PostgreSQL" : "PGlite"}) …`);
  const org = await seedOrganization(base);
  const expandBody = JSON.stringify({ input: { input: "Refactor the billing module" } });
  const expandRequest = {
    url: `${base}/api/v1/expand/${org.promptName}`,
    method: "POST",
    headers: { authorization: `Bearer ${org.apiKey}`, "content-type": "application/json" },
    body: expandBody,
  };
  const check = await fetch(expandRequest.url, expandRequest);
  if (!check.ok) throw new Error(`expand failed: ${check.status} ${await check.text()}`);

  if (SCENARIOS.has("bare")) bareServer = await startBareServer(await freePort());

  console.log(`Warming up, then ${DURATION_S}s per scenario at ${CONNECTIONS} connections …`);
  if (bareServer) await load({ url: bareServer.url, duration: 2 });
  if (SCENARIOS.has("health")) await load({ url: `${base}/health`, duration: 2 });
  if (SCENARIOS.has("expand")) await load({ ...expandRequest, duration: 2 });
  const pid = child.pid;
  const bare = bareServer
    ? await measured(bareServer.child.pid, async () =>
        summary("GET /bare (bare Fastify)", await load({ url: bareServer.url })),
      )
    : null;
  const health = SCENARIOS.has("health")
    ? await measured(pid, async () => summary("GET /health", await load({ url: `${base}/health` })))
    : null;
  const expand = SCENARIOS.has("expand")
    ? await measured(pid, async () => summary(`POST /api/v1/expand/${org.promptName}`, await load(expandRequest)))
    : null;
  const mcp = SCENARIOS.has("mcp")
    ? await measured(pid, () => measureMcpRuns(base, org, { sessions: MCP_SESSIONS, durationS: DURATION_S }))
    : null;

  console.log();
  console.table([bare, health, expand, mcp].filter(Boolean));
  if (bare) console.table(ratioSummary(bare, { health, expand, mcp }));
  else console.log("No ratios: add `bare` to BENCH_SCENARIOS to compare the scenarios with a bare Fastify route.");
  const ratio = (a, b) => (a.requests_per_s / b.requests_per_s).toFixed(2);
  if (expand && health) console.log(`expand / health throughput: ${ratio(expand, health)}`);
  if (mcp && expand) console.log(`MCP sh-run / REST expand throughput: ${ratio(mcp, expand)}`);
  console.log(`Database: ${database ? "PostgreSQL" : "embedded PGlite"}; seeded ${org.describe}`);
} finally {
  if (bareServer) await stopProcess(bareServer.child);
  await stopProcess(child);
  if (process.env.BENCH_KEEP_DATABASE) console.log(`Kept the database: ${database?.url ?? pgliteDir}`);
  else await database?.drop().catch((error) => console.warn(`could not drop the bench database: ${error.message}`));
  if (pgliteDir && !process.env.BENCH_KEEP_DATABASE) fs.rmSync(pgliteDir, { recursive: true, force: true });
}
