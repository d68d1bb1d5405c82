import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../http/app.js";
import { createUsageRecorder } from "../modules/usage/usage.recorder.js";
import { createPromptThroughApi, registerAdmin, type Session, unique } from "../test/factories.js";
import { createTestContext, type TestContext } from "../test/harness.js";
import { type MetricFamily, parsePrometheusText, sampleValue } from "../test/prometheus-text.js";
import { createMetrics } from "./metrics.js";

const TOKEN = "metrics-token-for-tests";

let t: TestContext;
let admin: Session;
let prompt: string;

beforeAll(async () => {
  t = await createTestContext({ METRICS_TOKEN: TOKEN });
  admin = await registerAdmin(t.app);
  prompt = await createPromptThroughApi(
    t.app,
    admin,
    unique("greet"),
    {
      user_template: "Hello {{ who }}",
      input_schema: { type: "object", properties: { who: { type: "string" } }, required: ["who"] },
    },
    "private",
  );
  await t.changesSeen();
});
afterAll(async () => t?.close());

/** A scrape with the metrics token, or with `authorization` ("" for none). */
const scrape = (app: FastifyInstance = t.app, authorization = `Bearer ${TOKEN}`) =>
  app.inject({ method: "GET", url: "/metrics", headers: authorization ? { authorization } : {} });

async function metrics(): Promise<Map<string, MetricFamily>> {
  const response = await scrape();
  expect(response.statusCode, response.body).toBe(200);
  return parsePrometheusText(response.body);
}

const expand = (name: string, input: Record<string, unknown>) =>
  t.app.inject({ method: "POST", url: `/api/v1/expand/${name}`, headers: admin.auth, payload: { input } });

const mcp = (message: object, headers: Record<string, string> = {}) =>
  t.app.inject({
    method: "POST",
    url: "/mcp",
    headers: { ...admin.auth, accept: "application/json, text/event-stream", ...headers },
    payload: message,
  });

const initialize = {
  jsonrpc: "2.0",
  id: 1,
  method: "initialize",
  params: { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "metrics-test", version: "1" } },
};

/** Everything usage records lands in the counters at once: they count as events are queued. */
const expansions = (families: Map<string, MetricFamily>, channel: string, status: string) =>
  sampleValue(families, "spechub_expansions_total", { channel, status }) ?? 0;

describe("GET /metrics access", () => {
  it("is 404 when METRICS_TOKEN is not set", async () => {
    const plain = await buildApp({
      config: { ...t.config, metricsToken: undefined },
      database: t.database,
      logger: false,
    });
    try {
      const response = await scrape(plain);
      expect(response.statusCode).toBe(404);
      expect(response.json()).toEqual({ detail: "Not Found", code: "not_found" });
    } finally {
      await plain.close();
    }
  });

  it.each([
    ["no credentials", ""],
    ["a wrong token", "Bearer not-the-metrics-token"],
    ["the token's prefix", `Bearer ${TOKEN.slice(0, -1)}`],
    ["a user's session token", "session"],
    ["the operator token", "Bearer operator-token-for-tests"],
    ["a malformed header", `Token ${TOKEN}`],
  ])("is 401 with %s", async (_, authorization: string) => {
    const response = await scrape(t.app, authorization === "session" ? admin.auth.authorization : authorization);
    expect(response.statusCode).toBe(401);
    expect(response.headers["www-authenticate"]).toBe('Bearer realm="metrics"');
    expect(response.json().detail).toContain("METRICS_TOKEN");
    expect(response.body).not.toContain("spechub_");
  });

  it("answers the metrics token in the Prometheus text format", async () => {
    const response = await scrape();
    expect(response.statusCode).toBe(200);
    expect(response.headers["content-type"]).toBe("text/plain; version=0.0.4; charset=utf-8");
    const families = parsePrometheusText(response.body);
    expect(families.get("spechub_http_requests_total")?.type).toBe("counter");
    expect(families.get("spechub_http_request_duration_seconds")?.type).toBe("histogram");
    expect(sampleValue(families, "spechub_build_info")).toBe(1);
    // Process metrics, under their usual names.
    expect(families.get("process_cpu_user_seconds_total")?.type).toBe("counter");
    expect(families.get("nodejs_heap_size_used_bytes")?.type).toBe("gauge");
  });

  it("stays out of the API description", async () => {
    const paths = Object.keys((await t.app.inject({ method: "GET", url: "/openapi.json" })).json().paths);
    expect(paths).toContain("/api/v1/expand/{name}");
    expect(paths).not.toContain("/metrics");
  });
});

describe("metrics", () => {
  it("count HTTP requests by route pattern and status, never by raw URL", async () => {
    const before = await metrics();
    const labels = { method: "POST", route: "/api/v1/expand/:name", status_code: "200" };
    const count = (families: Map<string, MetricFamily>, name: string, more = labels) =>
      sampleValue(families, name, more) ?? 0;
    expect((await expand(prompt, { who: "Ada" })).statusCode).toBe(200);
    expect((await expand(prompt, { who: "Bob" })).statusCode).toBe(200);
    expect((await expand("no-such-prompt", {})).statusCode).toBe(404);
    expect((await t.app.inject({ method: "GET", url: `/made-up/${unique("path")}` })).statusCode).toBe(404);
    const after = await metrics();
    expect(count(after, "spechub_http_requests_total") - count(before, "spechub_http_requests_total")).toBe(2);
    expect(
      count(after, "spechub_http_request_duration_seconds_count") -
        count(before, "spechub_http_request_duration_seconds_count"),
    ).toBe(2);
    const notFound = { ...labels, status_code: "404" };
    expect(
      count(after, "spechub_http_requests_total", notFound) - count(before, "spechub_http_requests_total", notFound),
    ).toBe(1);
    const unmatched = { method: "GET", route: "unmatched", status_code: "404" };
    expect(count(after, "spechub_http_requests_total", unmatched)).toBeGreaterThanOrEqual(1);
    const routes = after.get("spechub_http_requests_total")?.samples.map((sample) => sample.labels.route ?? "") ?? [];
    expect(routes.filter((route) => route.includes(prompt) || route.includes("made-up"))).toEqual([]);
  });

  it("count expansions by channel and status: REST, MCP and workflow steps, failures included", async () => {
    const before = await metrics();
    expect((await expand(prompt, { who: "Ada" })).statusCode).toBe(200);
    expect((await expand(prompt, {})).statusCode).toBe(422); // the input lacks a required property
    expect((await expand("no-such-prompt", {})).statusCode).toBe(404);

    const call = await mcp({
      jsonrpc: "2.0",
      id: 2,
      method: "tools/call",
      params: { name: "sh-run", arguments: { name: prompt, input: { who: "Ada" } } },
    });
    expect(call.statusCode, call.body).toBe(200);
    expect(call.body).toContain("Hello Ada");

    const workflow = await t.app.inject({
      method: "POST",
      url: "/api/v1/workflows",
      headers: admin.auth,
      payload: { name: unique("wf"), steps: [{ id: "greet", prompt_name: prompt }] },
    });
    expect(workflow.statusCode, workflow.body).toBe(201);
    const run = await t.app.inject({
      method: "POST",
      url: `/api/v1/workflows/${workflow.json().id}/run`,
      headers: admin.auth,
      payload: { input: { who: "Ada" } },
    });
    expect(run.statusCode, run.body).toBe(200);

    const after = await metrics();
    const moved = (channel: string, status: string) =>
      expansions(after, channel, status) - expansions(before, channel, status);
    expect({
      restSuccess: moved("rest", "success"),
      restError: moved("rest", "error"),
      mcpSuccess: moved("mcp", "success"),
      mcpError: moved("mcp", "error"),
      workflowSuccess: moved("workflow", "success"),
    }).toEqual({ restSuccess: 1, restError: 2, mcpSuccess: 1, mcpError: 0, workflowSuccess: 1 });
    expect(
      (sampleValue(after, "spechub_expansion_duration_seconds_count", { channel: "rest", status: "error" }) ?? 0) -
        (sampleValue(before, "spechub_expansion_duration_seconds_count", { channel: "rest", status: "error" }) ?? 0),
    ).toBe(2);
  });

  it("start every expansion series at zero, so rates exist before the first error", async () => {
    const fresh = await buildApp({ config: t.config, database: t.database, logger: false });
    try {
      const families = parsePrometheusText((await scrape(fresh)).body);
      for (const channel of ["rest", "mcp", "workflow"]) {
        for (const status of ["success", "error"]) expect(expansions(families, channel, status)).toBe(0);
      }
      expect(sampleValue(families, "spechub_mcp_sessions_total", { event: "opened" })).toBe(0);
    } finally {
      await fresh.close();
    }
  });

  it("count MCP sessions opened and closed", async () => {
    const before = await metrics();
    const opened = await mcp(initialize);
    expect(opened.statusCode, opened.body).toBe(200);
    const sessionId = String(opened.headers["mcp-session-id"]);
    expect(sessionId).toMatch(/^[\w-]{43}$/);
    // A request within the session opens nothing new.
    const listed = await mcp(
      { jsonrpc: "2.0", id: 3, method: "tools/list", params: {} },
      { "mcp-session-id": sessionId, "mcp-protocol-version": "2025-06-18" },
    );
    expect(listed.statusCode).toBe(200);
    const closed = await t.app.inject({
      method: "DELETE",
      url: "/mcp",
      headers: { ...admin.auth, "mcp-session-id": sessionId, "mcp-protocol-version": "2025-06-18" },
    });
    expect(closed.statusCode).toBeLessThan(300);
    const after = await metrics();
    const moved = (event: string) =>
      (sampleValue(after, "spechub_mcp_sessions_total", { event }) ?? 0) -
      (sampleValue(before, "spechub_mcp_sessions_total", { event }) ?? 0);
    expect({ opened: moved("opened"), closed: moved("closed") }).toEqual({ opened: 1, closed: 1 });
  });

  it("count read-cache hits and misses", async () => {
    const before = await metrics();
    for (let i = 0; i < 3; i++) expect((await expand(prompt, { who: "Ada" })).statusCode).toBe(200);
    const after = await metrics();
    const moved = (name: string, cache: string) =>
      (sampleValue(after, name, { cache }) ?? 0) - (sampleValue(before, name, { cache }) ?? 0);
    // The same prompt served again comes from memory.
    expect(moved("spechub_read_cache_hits_total", "data")).toBeGreaterThan(0);
    expect(
      after
        .get("spechub_read_cache_misses_total")
        ?.samples.map((s) => s.labels.cache)
        .sort(),
    ).toEqual(["data", "identities", "sessions"]);
  });

  it("show the change feed's state", async () => {
    const families = await metrics();
    expect(families.get("spechub_change_feed_state")?.type).toBe("gauge");
    const states = Object.fromEntries(
      (families.get("spechub_change_feed_state")?.samples ?? []).map((sample) => [sample.labels.state, sample.value]),
    );
    expect(states).toEqual({ connecting: 0, live: 1, reconnecting: 0, off: 0 });
    expect(sampleValue(families, "spechub_change_feed_failures")).toBe(0);
  });

  it("show the database pool on PostgreSQL, and no pool on PGlite", async () => {
    const families = await metrics();
    if (t.database.kind === "postgres") {
      expect(sampleValue(families, "spechub_db_pool_max_connections")).toBe(10);
      expect(sampleValue(families, "spechub_db_pool_connections")).toBeGreaterThanOrEqual(1);
      expect(sampleValue(families, "spechub_db_pool_idle_connections")).toBeGreaterThanOrEqual(0);
      expect(sampleValue(families, "spechub_db_pool_waiting_queries")).toBe(0);
    } else {
      expect([...families.keys()].filter((name) => name.startsWith("spechub_db_pool"))).toEqual([]);
    }
  });

  it("show the usage queue's depth and the events it dropped", async () => {
    const recorder = createUsageRecorder(t.database.db, { error: () => {}, warn: () => {} } as never, {
      flushIntervalMs: 60_000,
      maxQueued: 2,
    });
    const own = createMetrics(t.database, () => recorder.stats());
    const event = {
      occurredAt: new Date(),
      promptName: "p",
      promptVersion: "1",
      label: null,
      statusCode: 200,
      errorCode: null,
      errorMessage: null,
      latencyMs: 1,
      source: "rest",
      channel: "rest",
      callerType: "anonymous",
      userId: null,
      apiKeyId: null,
      teamId: null,
      projectId: null,
      inputBytes: 2,
      outputBytes: 1,
      inputExcerpt: null,
      outputExcerpt: null,
    } as const;
    for (let i = 0; i < 3; i++) recorder.record(event);
    const families = parsePrometheusText(await own.registry.metrics());
    expect(sampleValue(families, "spechub_usage_queue_depth")).toBe(2);
    expect(sampleValue(families, "spechub_usage_dropped_total")).toBe(1);
    await recorder.flush();
    expect(sampleValue(parsePrometheusText(await own.registry.metrics()), "spechub_usage_queue_depth")).toBe(0);
  });

  it("belong to their app: another app on the same database counts its own requests", async () => {
    const other = await buildApp({ config: t.config, database: t.database, logger: false });
    try {
      await other.inject({ method: "GET", url: "/health/live" });
      await other.inject({ method: "GET", url: "/health/live" });
      const families = parsePrometheusText((await scrape(other)).body);
      expect(
        sampleValue(families, "spechub_http_requests_total", {
          method: "GET",
          route: "/health/live",
          status_code: "200",
        }),
      ).toBe(2);
    } finally {
      await other.close();
    }
  });
});

describe("the Prometheus text reader these tests use", () => {
  it.each([
    ["a sample of an undeclared metric", "a 1\n"],
    ["a broken label", '# TYPE a counter\na{x="1} 3\n'],
    ["a value that is not a number", "# TYPE a counter\na one\n"],
    ["a repeated series", '# TYPE a counter\na{x="1"} 1\na{x="1"} 2\n'],
    ["a family split in two", "# TYPE a counter\n# TYPE b counter\nb 1\na 1\n"],
    ["a histogram without +Inf", '# TYPE h histogram\nh_bucket{le="1"} 1\nh_sum 1\nh_count 1\n'],
    ["no final newline", "# TYPE a counter\na 1"],
  ])("refuses %s", (_, text) => {
    expect(() => parsePrometheusText(text)).toThrow();
  });
});
