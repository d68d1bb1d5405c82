#!/usr/bin/env node
// `npm run bench:scale`: how the usage dashboard and the expansion log answer as the log grows.
// Seeds the log through SQL at each size (BENCH_SCALE_SIZES, default 100k, 1M and 10M rows over the
// last 30 days, with their rollups), then times the read routes one request after another and
// prints p50/p99 per route and size. Needs PostgreSQL (BENCH_DATABASE_URL, default the local server).
import path from "node:path";
import pg from "pg";
import { root, run } from "../lib.mjs";
import { createBenchDatabase, freePort, startBackend, stopProcess } from "./backend.mjs";
import { describeStorage, growExpansionLog, seedPeople } from "./scale-seed.mjs";

const SIZES = (process.env.BENCH_SCALE_SIZES ?? "100000,1000000,10000000").split(",").map(Number);
const REQUESTS = Number(process.env.BENCH_SCALE_REQUESTS ?? 40);
const WARMUP = 5;
const backend = path.join(root, "backend");

async function call(base, token, method, url, body) {
  const response = await fetch(`${base}/api/v1${url}`, {
    method,
    headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${url} → ${response.status} ${text}`);
  return text ? JSON.parse(text) : null;
}

/** An admin, a team owner and a member to sign in as, and one real prompt (for its usage panel). */
async function seedCallers(base) {
  const registered = await call(base, null, "POST", "/auth/register", {
    org_name: "Scale Org",
    org_slug: "scale-org",
    email: "admin@scale.example",
    username: "admin",
    password: "bench-password-1",
  });
  const admin = registered.token;
  const person = async (username) => {
    const user = await call(base, admin, "POST", "/users", {
      username,
      email: `${username}@scale.example`,
      team_id: registered.user.team_id,
      password: "bench-password-2",
    });
    const login = await call(base, null, "POST", "/auth/login", { email: username, password: "bench-password-2" });
    return { id: user.id, token: login.token };
  };
  const owner = await person("owner");
  const member = await person("member");
  await call(base, admin, "POST", "/prompts", {
    name: "p-0",
    visibility: "org",
    version: { version: "1", user_template: "{{ input }}" },
  });
  return { rootTeamId: registered.user.team_id, admin, owner, member };
}

const percentile = (sorted, q) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];

/** Times `REQUESTS` requests one after another (after a warm-up); p50 and p99 in ms. */
async function measure(base, token, url) {
  const once = async () => {
    const started = performance.now();
    const response = await fetch(`${base}${url}`, { headers: { authorization: `Bearer ${token}` } });
    const body = await response.text();
    if (!response.ok) throw new Error(`GET ${url} → ${response.status} ${body}`);
    return performance.now() - started;
  };
  for (let i = 0; i < WARMUP; i++) await once();
  const times = [];
  for (let i = 0; i < REQUESTS; i++) times.push(await once());
  times.sort((a, b) => a - b);
  return { p50_ms: +percentile(times, 0.5).toFixed(1), p99_ms: +percentile(times, 0.99).toFixed(1) };
}

await run("npm", ["run", "build"], { cwd: backend });
const database = await createBenchDatabase();
if (!database) {
  console.error("bench:scale needs PostgreSQL: set BENCH_DATABASE_URL to a server's admin connection.");
  process.exit(1);
}
const port = await freePort();
const { child, base } = await startBackend({ PORT: String(port), DATABASE_URL: database.url });
const client = new pg.Client({ connectionString: database.url });
await client.connect();

try {
  const callers = await seedCallers(base);
  await seedPeople(client, { rootTeamId: callers.rootTeamId, ownerId: callers.owner.id, memberId: callers.member.id });
  // The member's team moved: sign in again so the session carries it.
  const { token: memberToken } = await call(base, null, "POST", "/auth/login", {
    email: "member",
    password: "bench-password-2",
  });
  const day = 24 * 60 * 60 * 1000;
  const monthAgo = encodeURIComponent(new Date(Date.now() - 30 * day).toISOString());
  const dayAgo = encodeURIComponent(new Date(Date.now() - day).toISOString());
  const scenarios = [
    ["dashboard, admin, 7 days", callers.admin, "/api/v1/metrics/dashboard"],
    ["dashboard, admin, 30 days", callers.admin, `/api/v1/metrics/dashboard?from=${monthAgo}`],
    ["dashboard, admin, 24 hours", callers.admin, `/api/v1/metrics/dashboard?from=${dayAgo}`],
    ["dashboard, admin, one prompt + errors", callers.admin, "/api/v1/metrics/dashboard?prompt=p-3&status=error"],
    ["dashboard, team owner, 7 days", callers.owner.token, "/api/v1/metrics/dashboard"],
    ["dashboard, member (own: from the log)", memberToken, "/api/v1/metrics/dashboard"],
    [
      "dashboard, admin, by user (from the log)",
      callers.admin,
      `/api/v1/metrics/dashboard?user_id=${callers.member.id}`,
    ],
    ["prompt usage panel, admin, 30 days", callers.admin, "/api/v1/metrics/prompts/p-0"],
    ["events, admin, newest 50", callers.admin, "/api/v1/usage/events"],
    ["events, admin, errors of one prompt", callers.admin, "/api/v1/usage/events?prompt=p-25&status=error"],
    [
      "events, admin, one user, 30 days",
      callers.admin,
      `/api/v1/usage/events?user_id=${callers.member.id}&from=${monthAgo}`,
    ],
    ["events, team owner, newest 50", callers.owner.token, "/api/v1/usage/events"],
    ["events, member, newest 50", memberToken, "/api/v1/usage/events"],
  ];

  const rows = [];
  const storage = [];
  for (const size of SIZES) {
    console.log(`Seeding the expansion log to ${size.toLocaleString("en")} rows …`);
    const seedMs = await growExpansionLog(client, size);
    const stored = await describeStorage(client);
    storage.push({ size, seed_s: +(seedMs / 1000).toFixed(1), ...stored });
    console.log(`  seeded in ${(seedMs / 1000).toFixed(1)} s: ${JSON.stringify(stored)}`);
    for (const [name, token, url] of scenarios) {
      const result = await measure(base, token, url);
      rows.push({ rows: size.toLocaleString("en"), scenario: name, ...result });
      console.log(`  ${name}: p50 ${result.p50_ms} ms, p99 ${result.p99_ms} ms`);
    }
  }
  console.log();
  console.table(storage);
  console.table(rows);
  console.log(`${REQUESTS} sequential requests per scenario after ${WARMUP} warm-up requests; PostgreSQL.`);
} finally {
  await client.end().catch(() => {});
  await stopProcess(child);
  if (process.env.BENCH_KEEP_DATABASE) console.log(`Kept the database: ${database.url}`);
  else await database.drop().catch((error) => console.warn(`could not drop the bench database: ${error.message}`));
}
