#!/usr/bin/env node
// `npm run bench:scale`: how SpecHub answers at the sizes of a real organization. For each size
// (BENCH_SCALE_SIZES, default small,medium,large; see scale-org.mjs) it seeds a fresh PostgreSQL
// database through SQL (teams, users, prompts, governance, the expansion log), starts the backend on
// it (timing the start-up), then times each route one request after another as an admin and as a
// member deep in the team tree, and prints p50/p99 and the backend's memory next to the targets.
// Needs PostgreSQL (BENCH_DATABASE_URL, default the local server). BENCH_KEEP_DATABASE=1 keeps each
// seeded database; BENCH_SCALE_DATABASE=<its URL> with one size measures it again without seeding
// (the backend migrates it first, so it also shows a migration's cost at that size).
import path from "node:path";
import { Client as McpClient } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import pg from "pg";
import { root, run } from "../lib.mjs";
import { call, processMemory, summarize } from "./api.mjs";
import { createBenchDatabase, freePort, startBackend, stopProcess } from "./backend.mjs";
import { SCALE_SIZES, seedScaleOrganization } from "./scale-org.mjs";
import { describeStorage, growExpansionLog } from "./scale-seed.mjs";

const SIZES = (process.env.BENCH_SCALE_SIZES ?? "small,medium,large").split(",").map((s) => s.trim());
const REQUESTS = Number(process.env.BENCH_SCALE_REQUESTS ?? 40);
const WARMUP = 5;
const PASSWORD = "bench-password-1";
/** p50 targets in ms, by kind of route. */
const TARGETS = { list: 20, expandWarm: 5, expandCold: 50, governance: 10, directory: 50, usage: 100, mcp: 30 };
const MEMORY_TARGETS = { rss_after_warmup_mb: 300, rss_peak_mb: 500 };
const STARTUP_TARGET_S = 5;
const backend = path.join(root, "backend");

for (const name of SIZES) {
  if (!SCALE_SIZES[name]) {
    console.error(`Unknown size '${name}' in BENCH_SCALE_SIZES: use ${Object.keys(SCALE_SIZES).join(", ")}.`);
    process.exit(1);
  }
}

if (process.env.BENCH_SCALE_DATABASE && SIZES.length !== 1) {
  console.error("BENCH_SCALE_DATABASE measures one kept database: name its size alone in BENCH_SCALE_SIZES.");
  process.exit(1);
}

const backendEnv = (database, port) => ({
  PORT: String(port),
  DATABASE_URL: database.url,
  // One client signs in and calls on purpose as fast as it can: per-caller limits off.
  AUTH_RATE_LIMIT_MAX: "1000",
  MCP_RATE_LIMIT_MAX: "0",
  EXPAND_RATE_LIMIT_MAX: "0",
});

/** The admin (registering creates the root team) and a member, made through the API. */
async function registerCallers(base) {
  const registered = await call(base, null, "POST", "/auth/register", {
    org_name: "Scale Org",
    org_slug: "scale-org",
    email: "admin@scale.example",
    username: "admin",
    password: PASSWORD,
  });
  const member = await call(base, registered.token, "POST", "/users", {
    username: "member",
    email: "member@scale.example",
    team_id: registered.user.team_id,
    password: PASSWORD,
  });
  return { rootTeamId: registered.user.team_id, adminId: registered.user.id, memberId: member.id };
}

/** A session token and an API key (for expansion and MCP) of a seeded caller. */
async function signIn(base, login, userId, adminToken) {
  const { token } = await call(base, null, "POST", "/auth/login", { email: login, password: PASSWORD });
  const key = await call(base, adminToken ?? token, "POST", `/users/${userId}/api-keys`, {
    name: "scale",
    scopes: ["read", "expand"],
  });
  return { token, apiKey: key.raw_key };
}

async function connectMcp(base, apiKey) {
  const client = new McpClient({ name: "spechub-bench-scale", version: "0.1.0" });
  await client.connect(
    new StreamableHTTPClientTransport(new URL(`${base}/mcp`), {
      requestInit: { headers: { authorization: `Bearer ${apiKey}` } },
    }),
  );
  return client;
}

/** One request that throws unless it succeeds. */
function httpRequest(base, token, method, url, body) {
  return async () => {
    const response = await fetch(`${base}${url}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body ? { "content-type": "application/json" } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${url} → ${response.status} ${text}`);
  };
}

function toolCall(client, name, args) {
  return async () => {
    const result = await client.callTool({ name, arguments: args });
    if (result.isError) throw new Error(`MCP ${name} → ${result.content?.[0]?.text}`);
  };
}

const expandBody = { input: { input: "Refactor the billing module" } };

/** Each expansion of a prompt this process has not expanded before: no warm-up, one name per request. */
function coldExpansions(base, apiKey, names) {
  let next = 0;
  return () => httpRequest(base, apiKey, "POST", `/api/v1/expand/${names[next++]}`, expandBody)();
}

async function time(request) {
  const times = [];
  for (let i = 0; i < REQUESTS; i++) {
    const started = performance.now();
    await request();
    times.push(performance.now() - started);
  }
  return summarize(times);
}

/** The routes to time: [name, target kind, request, warm-up requests]. */
async function scenarios(base, admin, member, memberId, size) {
  const { total } = await call(base, member.token, "GET", "/prompts?page_size=1");
  const deepPage = (count) => Math.max(1, Math.floor((count * 0.9) / 20));
  // Org and public prompts (0-5 of every ten) that the cold expansions have not touched; warm is p-1.
  const coldNames = Array.from({ length: Math.min(size.prompts, 10 * (REQUESTS + 1)) }, (_, i) => i)
    .filter((i) => i % 10 < 6 && i !== 1)
    .slice(0, REQUESTS)
    .map((i) => `p-${i}`);
  if (coldNames.length < REQUESTS)
    throw new Error(`Too few prompts for ${REQUESTS} cold expansions: lower BENCH_SCALE_REQUESTS`);
  const monthAgo = encodeURIComponent(new Date(Date.now() - 30 * 24 * 60 * 60 * 1000).toISOString());
  const adminMcp = await connectMcp(base, admin.apiKey);
  const memberMcp = await connectMcp(base, member.apiKey);
  const both = (name, kind, url) => [
    [`${name}, admin`, kind, httpRequest(base, admin.token, "GET", url), WARMUP],
    [`${name}, member`, kind, httpRequest(base, member.token, "GET", url), WARMUP],
  ];
  return {
    clients: [adminMcp, memberMcp],
    list: [
      ...both("GET /prompts", "list", "/api/v1/prompts"),
      ...both("GET /prompts?q=review", "list", "/api/v1/prompts?q=review"),
      ...both("GET /prompts?tag=python", "list", "/api/v1/prompts?tag=python"),
      [
        `GET /prompts deep page ${deepPage(size.prompts)}, admin`,
        "list",
        httpRequest(base, admin.token, "GET", `/api/v1/prompts?page=${deepPage(size.prompts)}`),
        WARMUP,
      ],
      [
        `GET /prompts deep page ${deepPage(total)}, member`,
        "list",
        httpRequest(base, member.token, "GET", `/api/v1/prompts?page=${deepPage(total)}`),
        WARMUP,
      ],
      [
        "POST /expand/p-1 warm, member key",
        "expandWarm",
        httpRequest(base, member.apiKey, "POST", "/api/v1/expand/p-1", expandBody),
        WARMUP,
      ],
      [
        "POST /expand cold (a new prompt each), member key",
        "expandCold",
        coldExpansions(base, member.apiKey, coldNames),
        0,
      ],
      ...both("GET /policies/effective", "governance", `/api/v1/policies/effective?user_id=${memberId}`),
      ...both("GET /teams?flat=true&depth=2", "directory", "/api/v1/teams?flat=true&depth=2"),
      ...both("GET /teams?q=platform", "directory", "/api/v1/teams?q=platform"),
      ...both("GET /users?q=smith", "directory", "/api/v1/users?q=smith"),
      ...both("GET /metrics/dashboard", "usage", "/api/v1/metrics/dashboard"),
      ...both("GET /usage/events", "usage", "/api/v1/usage/events"),
      // The log's other paths: a month of rollups, one user's expansions (from the log), one prompt's errors.
      [
        "GET /metrics/dashboard 30 days, admin",
        "usage",
        httpRequest(base, admin.token, "GET", `/api/v1/metrics/dashboard?from=${monthAgo}`),
        WARMUP,
      ],
      [
        "GET /metrics/dashboard?user_id=<member>, admin",
        "usage",
        httpRequest(base, admin.token, "GET", `/api/v1/metrics/dashboard?user_id=${memberId}`),
        WARMUP,
      ],
      [
        "GET /usage/events?prompt=p-3&status=error, admin",
        "usage",
        httpRequest(base, admin.token, "GET", "/api/v1/usage/events?prompt=p-3&status=error"),
        WARMUP,
      ],
      ["MCP sh-search review, admin key", "mcp", toolCall(adminMcp, "sh-search", { query: "review" }), WARMUP],
      ["MCP sh-search review, member key", "mcp", toolCall(memberMcp, "sh-search", { query: "review" }), WARMUP],
      ["MCP sh-list, admin key", "mcp", toolCall(adminMcp, "sh-list", {}), WARMUP],
      ["MCP sh-list, member key", "mcp", toolCall(memberMcp, "sh-list", {}), WARMUP],
    ],
  };
}

const verdict = (value, limit) => (value === null ? "" : value < limit ? "yes" : "NO");

/** A database kept by an earlier run (BENCH_KEEP_DATABASE), to measure again without seeding. */
function keptDatabase(url) {
  return { url, kept: true, drop: async () => {} };
}

/** The admin and the member of a kept database, found by their usernames. */
async function findCallers(client) {
  const { rows } = await client.query(
    "select id, username, team_id from users where username in ('admin', 'member') order by username",
  );
  const [admin, member] = rows;
  if (!admin || !member) throw new Error("BENCH_SCALE_DATABASE holds no bench:scale organization");
  return { rootTeamId: admin.team_id, adminId: admin.id, memberId: member.id };
}

/** Seeds the organization of one size; its figures for the seeding table. */
async function seed(name, size, client, base) {
  const callers = await registerCallers(base);
  console.log(`[${name}] seeding ${JSON.stringify(size)} …`);
  const started = performance.now();
  const seeded = await seedScaleOrganization(client, size, callers);
  const orgSeedS = (performance.now() - started) / 1000;
  const eventsSeedS = (await growExpansionLog(client, size.events, { prompts: size.prompts })) / 1000;
  console.log(`[${name}] seeded in ${orgSeedS.toFixed(1)} s + ${eventsSeedS.toFixed(1)} s for the log`);
  return { callers, figures: { ...seeded, org_seed_s: +orgSeedS.toFixed(1), log_seed_s: +eventsSeedS.toFixed(1) } };
}

/**
 * Seeds one size on a database of its own (or takes the kept one BENCH_SCALE_DATABASE names),
 * restarts the backend on it and measures.
 */
async function benchSize(name) {
  const size = SCALE_SIZES[name];
  const reused = process.env.BENCH_SCALE_DATABASE;
  const database = reused ? keptDatabase(reused) : await createBenchDatabase();
  if (!database) {
    console.error("bench:scale needs PostgreSQL: set BENCH_DATABASE_URL to a server's admin connection.");
    process.exit(1);
  }
  const env = backendEnv(database, await freePort());
  if (database.kept) {
    // A kept database may be behind the code: migrate first, which can take minutes at the large size.
    const started = performance.now();
    await run("npm", ["run", "migrate"], { cwd: backend, env: { ...process.env, DATABASE_URL: database.url } });
    console.log(`[${name}] migrated in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  }
  const client = new pg.Client({ connectionString: database.url });
  let server = await startBackend(env);
  try {
    await client.connect();
    const { callers, figures } = database.kept
      ? { callers: await findCallers(client), figures: { reused: true } }
      : await seed(name, size, client, server.base);
    const storage = await describeStorage(client);
    await stopProcess(server.child);

    const started = performance.now();
    server = await startBackend(env);
    const startupS = (performance.now() - started) / 1000;
    const admin = await signIn(server.base, "admin", callers.adminId);
    const member = await signIn(server.base, "member", callers.memberId, admin.token);
    const { clients, list } = await scenarios(server.base, admin, member, callers.memberId, size);
    const rows = [];
    let afterWarmup;
    try {
      // Every route warms up first, so that the memory read after it is that of a process in use.
      for (const [, , request, warmup] of list) for (let i = 0; i < warmup; i++) await request();
      afterWarmup = processMemory(server.child.pid).rss_mb;
      for (const [scenario, kind, request] of list) {
        const result = await time(request);
        const target = TARGETS[kind];
        rows.push({ size: name, scenario, ...result, target: `< ${target}`, met: verdict(result.p50_ms, target) });
        console.log(`[${name}] ${scenario}: p50 ${result.p50_ms} ms, p99 ${result.p99_ms} ms`);
      }
    } finally {
      await Promise.all(clients.map((mcp) => mcp.close()));
    }
    const memory = processMemory(server.child.pid);
    return {
      rows,
      seeding: { size: name, ...figures, ...storage },
      process: {
        size: name,
        startup_s: +startupS.toFixed(2),
        [`startup < ${STARTUP_TARGET_S}`]: verdict(startupS, STARTUP_TARGET_S),
        rss_after_warmup_mb: afterWarmup,
        [`rss < ${MEMORY_TARGETS.rss_after_warmup_mb}`]: verdict(afterWarmup, MEMORY_TARGETS.rss_after_warmup_mb),
        rss_end_mb: memory.rss_mb,
        rss_peak_mb: memory.peak_mb,
        [`peak < ${MEMORY_TARGETS.rss_peak_mb}`]: verdict(memory.peak_mb, MEMORY_TARGETS.rss_peak_mb),
      },
    };
  } finally {
    await client.end().catch(() => {});
    await stopProcess(server.child);
    if (process.env.BENCH_KEEP_DATABASE || database.kept) console.log(`Kept the database: ${database.url}`);
    else await database.drop().catch((error) => console.warn(`could not drop the bench database: ${error.message}`));
  }
}

await run("npm", ["run", "build"], { cwd: backend });
const results = [];
for (const name of SIZES) results.push(await benchSize(name));
console.log();
console.table(results.map((result) => result.seeding));
console.table(results.flatMap((result) => result.rows));
console.table(results.map((result) => result.process));
console.log(
  `${REQUESTS} sequential requests per scenario after ${WARMUP} warm-up requests (cold expansion: none); ` +
    "targets are on p50; RSS is read once every route has warmed up, its peak (VmHWM) at the end.",
);
