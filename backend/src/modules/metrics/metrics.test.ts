import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryRows } from "../../db/client.js";
import { USAGE_CHANNELS, type UsageChannel } from "../../db/schema.js";
import {
  createGovernanceOrg,
  createPromptThroughApi,
  type GovernanceOrg,
  type Session,
  sender,
  unique,
} from "../../test/factories.js";
import { createTestContext, type TestContext } from "../../test/harness.js";
import type { UsageEvent } from "../usage/usage.recorder.js";

let t: TestContext;
let org: GovernanceOrg;
let send: ReturnType<typeof sender>;

beforeAll(async () => {
  t = await createTestContext();
  send = sender(t.app);
  org = await createGovernanceOrg(t.app, t.database.db);
});
afterAll(async () => t?.close());

const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;

async function dashboard(session: Session | null, query: Record<string, string> = {}) {
  await t.app.usage.flush();
  return send("GET", `/api/v1/metrics/dashboard?${new URLSearchParams(query)}`, session);
}

async function dashboardOf(session: Session, query: Record<string, string> = {}) {
  const response = await dashboard(session, query);
  expect(response.statusCode, response.body).toBe(200);
  return response.json();
}

const expand = (session: Session | null, name: string, input: object = { topic: "x" }) =>
  send("POST", `/api/v1/expand/${name}`, session, { input });

const newPrompt = (session: Session, visibility = "org") =>
  createPromptThroughApi(
    t.app,
    session,
    unique("m").toLowerCase(),
    {
      user_template: "About {{ topic }}",
      input_schema: { type: "object", properties: { topic: { type: "string" } }, required: ["topic"] },
    },
    visibility,
  );

/** An event as the recorder takes it: the log row and its rollups, written together. */
function recordEvent(overrides: Partial<UsageEvent> & { promptName: string }) {
  const channel: UsageChannel = overrides.channel ?? "rest";
  t.app.usage.record({
    occurredAt: new Date(),
    promptVersion: "1",
    label: "latest",
    statusCode: 200,
    errorCode: null,
    errorMessage: null,
    latencyMs: 1,
    source: channel === "rest" || channel === "workflow" ? channel : "mcp",
    channel,
    callerType: "user",
    userId: org.member.userId,
    apiKeyId: null,
    teamId: org.subTeamId,
    projectId: null,
    inputBytes: 10,
    outputBytes: 20,
    inputExcerpt: null,
    outputExcerpt: null,
    ...overrides,
  });
}

const today = () => new Date().toISOString().slice(0, 10);

describe("metrics dashboard", () => {
  it("needs a signed-in caller", async () => {
    expect((await dashboard(null)).statusCode).toBe(401);
  });

  it("starts at zero, then counts a failed expansion as a 100% error rate, with its reason", async () => {
    const empty = await dashboardOf(org.admin);
    expect(empty).toMatchObject({
      total_prompts: 0,
      total_versions: 0,
      total_expands: 0,
      expands_24h: 0,
      avg_latency_ms: 0,
      error_rate_pct: 0,
      top_prompts: [],
      daily_usage: [],
      top_errors: [],
      channels: [],
      summary: { expansions: 0, errors: 0, error_rate_pct: 0, avg_latency_ms: 0, p50_latency_ms: 0 },
    });
    expect(empty.range.bucket).toBe("day");
    // The last 7 UTC days, today included.
    expect(empty.range.from).toBe(new Date(Math.floor(Date.now() / DAY) * DAY - 6 * DAY).toISOString());
    expect(empty.series).toHaveLength(7);
    expect(empty.series.every((point: { expansions: number }) => point.expansions === 0)).toBe(true);

    expect((await expand(org.admin, "does-not-exist")).statusCode).toBe(404);
    const body = await dashboardOf(org.admin);
    expect(body).toMatchObject({ total_expands: 1, expands_24h: 1, error_rate_pct: 100 });
    expect(body.top_prompts).toEqual([
      {
        name: "does-not-exist",
        count: 1,
        expansions: 1,
        errors: 1,
        error_rate_pct: 100,
        avg_latency_ms: expect.any(Number),
      },
    ]);
    expect(body.daily_usage).toEqual([{ date: today(), count: 1 }]);
    expect(body.top_errors).toEqual([
      {
        error_code: "prompt_not_found",
        error_message: "Prompt 'does-not-exist' not found",
        status_code: 404,
        count: 1,
        last_seen_at: expect.any(String),
      },
    ]);
    expect(body.channels).toEqual([expect.objectContaining({ channel: "rest", expansions: 1, errors: 1 })]);
    expect(body.series.at(-1)).toMatchObject({ expansions: 1, errors: 1, error_rate_pct: 100 });
  });

  it("covers what the caller may read: members their own, team owners their teams' and own, admins all", async () => {
    const name = await newPrompt(org.admin);
    const callers = [org.admin, org.owner, org.member, org.member, org.colleague, org.outsider];
    for (const caller of callers) expect((await expand(caller, name)).statusCode).toBe(200);
    expect((await expand(org.member, name, {})).statusCode).toBe(422);
    const expansionsSeenBy = async (session: Session, query: Record<string, string> = {}) =>
      (await dashboardOf(session, { prompt: name, ...query })).summary.expansions;

    expect(await expansionsSeenBy(org.admin)).toBe(7);
    // The owner's own expansion is filed under the root team, which they do not manage: it counts too.
    expect(await expansionsSeenBy(org.owner)).toBe(5);
    expect(await expansionsSeenBy(org.member)).toBe(3);
    expect(await expansionsSeenBy(org.colleague)).toBe(1);
    expect(await expansionsSeenBy(org.outsider)).toBe(1);
    expect(await expansionsSeenBy(org.admin, { team_id: org.ownedTeamId })).toBe(4);
    expect(await expansionsSeenBy(org.owner, { team_id: org.siblingTeamId })).toBe(0);
    expect(await expansionsSeenBy(org.admin, { user_id: org.member.userId })).toBe(3);
    expect(await expansionsSeenBy(org.owner, { user_id: org.member.userId, status: "error" })).toBe(1);

    const member = await dashboardOf(org.member, { prompt: name });
    expect(member).toMatchObject({ total_prompts: 0, total_expands: 3, error_rate_pct: 33.3 });
    expect(member.top_prompts).toEqual([expect.objectContaining({ name, expansions: 3, errors: 1 })]);
    expect(member.top_errors).toEqual([
      expect.objectContaining({ error_code: "validation_error", status_code: 422, count: 1 }),
    ]);
    expect(member.top_errors[0].error_message).toContain("topic");
    expect((await dashboard(org.colleague, { user_id: org.member.userId })).statusCode).toBe(403);
  });

  it("adds up series, averages, percentiles and top prompts over the range, from rollups or the log", async () => {
    const busy = unique("busy");
    const quiet = unique("quiet");
    const now = Date.now();
    const at = (ageMs: number) => new Date(now - ageMs);
    recordEvent({ promptName: busy, latencyMs: 10, occurredAt: at(0) });
    recordEvent({ promptName: busy, latencyMs: 20, occurredAt: at(0), channel: "mcp_tool", projectId: org.projectId });
    recordEvent({
      promptName: busy,
      latencyMs: 30,
      occurredAt: at(2 * DAY),
      statusCode: 422,
      errorCode: "validation_error",
      errorMessage: "input: must have required property 'topic'",
    });
    recordEvent({ promptName: quiet, latencyMs: 5, occurredAt: at(0), teamId: org.siblingTeamId });
    recordEvent({ promptName: quiet, latencyMs: 100, occurredAt: at(10 * DAY) });

    for (const prompt of [busy, quiet]) {
      const week = await dashboardOf(org.admin, { prompt });
      expect(week.summary.expansions).toBe(prompt === busy ? 3 : 1);
    }
    const both = async (query: Record<string, string>) => {
      const [a, b] = await Promise.all([
        dashboardOf(org.admin, { prompt: busy, ...query }),
        dashboardOf(org.admin, { prompt: quiet, ...query }),
      ]);
      return [a, b];
    };
    const [busyWeek] = await both({});
    expect(busyWeek.summary).toMatchObject({
      expansions: 3,
      errors: 1,
      error_rate_pct: 33.3,
      avg_latency_ms: 20,
      max_latency_ms: 30,
    });
    // Estimated within the histogram bucket the median falls in: [20, 50), capped by the largest.
    expect(busyWeek.summary.p50_latency_ms).toBeGreaterThanOrEqual(20);
    expect(busyWeek.summary.p50_latency_ms).toBeLessThanOrEqual(30);
    expect(busyWeek.summary.p99_latency_ms).toBeGreaterThanOrEqual(20);
    expect(busyWeek.summary.p99_latency_ms).toBeLessThanOrEqual(30);
    const dayOf = (ms: number) => new Date(Math.floor(ms / DAY) * DAY).toISOString();
    const nonEmpty = busyWeek.series.filter((point: { expansions: number }) => point.expansions > 0);
    expect(nonEmpty).toEqual([
      { start: dayOf(now - 2 * DAY), expansions: 1, errors: 1, error_rate_pct: 100, avg_latency_ms: 30 },
      { start: dayOf(now), expansions: 2, errors: 0, error_rate_pct: 0, avg_latency_ms: 15 },
    ]);
    expect(busyWeek.channels.map((row: { channel: string }) => row.channel).sort()).toEqual(["mcp_tool", "rest"]);
    expect(busyWeek.top_errors).toEqual([
      expect.objectContaining({
        error_code: "validation_error",
        error_message: "input: must have required property 'topic'",
        count: 1,
      }),
    ]);

    // The last 24 hours: hourly buckets.
    const lastDay = await dashboardOf(org.admin, { prompt: busy, from: at(DAY).toISOString() });
    expect(lastDay.range.bucket).toBe("hour");
    expect(lastDay.series.length).toBeGreaterThanOrEqual(24);
    expect(lastDay.summary.expansions).toBe(2);
    expect(lastDay.series.at(-1)).toMatchObject({ expansions: 2 });

    // The fields the dashboard had before ranges follow the range too; the last 24 hours stay.
    const quietWeek = await dashboardOf(org.admin, { prompt: quiet });
    expect(quietWeek).toMatchObject({ total_expands: 1, expands_24h: 1, avg_latency_ms: 5, error_rate_pct: 0 });
    expect(quietWeek.summary.expansions).toBe(1);
    const month = await dashboardOf(org.admin, { prompt: quiet, from: at(30 * DAY).toISOString() });
    expect(month.summary).toMatchObject({ expansions: 2, avg_latency_ms: 52.5, max_latency_ms: 100 });
    expect(month).toMatchObject({ total_expands: 2, expands_24h: 1, avg_latency_ms: 52.5 });
    expect(month.daily_usage).toEqual([
      { date: dayOf(now - 10 * DAY).slice(0, 10), count: 1 },
      { date: dayOf(now).slice(0, 10), count: 1 },
    ]);
    expect((await dashboardOf(org.admin, { prompt: quiet, team_id: org.siblingTeamId })).expands_24h).toBe(1);

    // Filters rollups answer (team, channel, status) and those the log answers (user, project) agree.
    const filtered = async (query: Record<string, string>) =>
      (await dashboardOf(org.admin, { prompt: busy, ...query })).summary.expansions;
    expect(await filtered({ channel: "mcp_tool" })).toBe(1);
    expect(await filtered({ status: "error" })).toBe(1);
    expect(await filtered({ status: "success" })).toBe(2);
    expect(await filtered({ team_id: org.subTeamId })).toBe(3);
    expect(await filtered({ team_id: org.siblingTeamId })).toBe(0);
    // Teams have day rows only: hourly ranges and the ragged start of a daily one come from the log.
    expect(await filtered({ team_id: org.subTeamId, from: at(DAY).toISOString() })).toBe(2);
    expect(await filtered({ team_id: org.subTeamId, from: at(3 * DAY - 5 * HOUR).toISOString() })).toBe(3);
    expect(await filtered({ team_id: org.subTeamId, to: at(DAY).toISOString() })).toBe(1);
    expect(await filtered({ user_id: org.member.userId })).toBe(3);
    expect(await filtered({ project_id: org.projectId })).toBe(1);
    const fromLog = await dashboardOf(org.admin, { prompt: busy, user_id: org.member.userId });
    expect(fromLog.summary).toEqual(busyWeek.summary);
    expect(fromLog.series).toEqual(busyWeek.series);
    expect(fromLog.top_errors).toEqual(busyWeek.top_errors);
  });

  it("refuses a reversed, too long or malformed range with 422", async () => {
    const reversed = await dashboard(org.admin, { from: "2026-02-01T00:00:00Z", to: "2026-01-01T00:00:00Z" });
    expect(reversed.statusCode).toBe(422);
    expect(reversed.json()).toMatchObject({ code: "invalid_time_range" });
    const long = await dashboard(org.admin, { from: "2020-01-01T00:00:00Z", to: "2026-01-01T00:00:00Z" });
    expect(long.statusCode).toBe(422);
    expect(long.json()).toMatchObject({ code: "time_range_too_long" });
    expect((await dashboard(org.admin, { to: "soon" })).statusCode).toBe(422);
    expect((await dashboard(org.admin, { channel: "ftp" })).statusCode).toBe(422);
  });
});

describe("the organization's dashboard", () => {
  // A database of its own: what the whole organization sees is every event in it.
  let own: TestContext;
  let people: GovernanceOrg;
  let ask: ReturnType<typeof sender>;

  beforeAll(async () => {
    own = await createTestContext();
    ask = sender(own.app);
    people = await createGovernanceOrg(own.app, own.database.db);
  });
  afterAll(async () => own?.close());

  const read = async (session: Session, query: Record<string, string>) => {
    const response = await ask("GET", `/api/v1/metrics/dashboard?${new URLSearchParams(query)}`, session);
    expect(response.statusCode, response.body).toBe(200);
    return response.json();
  };

  it("answers from rollups what the log says, over any range and filter", async () => {
    const now = Date.now();
    const teams = [null, people.subTeamId, people.siblingTeamId, people.ownedTeamId, people.subTeamId];
    // One caller, so that `user_id` (answered from the log) covers every event. Latencies are
    // multiples of 1/4 ms, so sums come out the same in whatever order they are added.
    for (let i = 0; i < 600; i++) {
      const status = i % 9 === 0 ? 422 : i % 11 === 0 ? 404 : i % 17 === 0 ? 500 : i % 23 === 0 ? 429 : 200;
      const errorCodes: Record<number, string> = {
        422: "validation_error",
        404: "label_not_found",
        500: "internal_error",
      };
      const channel = USAGE_CHANNELS[(i * 3) % 4] as UsageChannel;
      own.app.usage.record({
        occurredAt: new Date(now - (i % 25 === 0 ? (i % 50) * 1000 : ((i * 7919) % (33 * 24 * 60)) * 60_000)),
        promptName: `p-${i % 13}`,
        promptVersion: "1",
        label: "production",
        statusCode: status,
        errorCode: errorCodes[status] ?? null,
        errorMessage: status === 404 ? `Prompt 'p-${i % 13}' has no label 'staging'` : status === 422 ? "no" : null,
        latencyMs: i % 31 === 0 ? 2500.5 : ((i * 37) % 3000) / 4,
        source: channel === "rest" || channel === "workflow" ? channel : "mcp",
        channel,
        callerType: "user",
        userId: people.member.userId,
        apiKeyId: null,
        teamId: teams[i % teams.length] ?? null,
        projectId: null,
        inputBytes: 1,
        outputBytes: 1,
        inputExcerpt: null,
        outputExcerpt: null,
      });
    }
    await own.app.usage.flush();

    const hour = () => Math.floor(Date.now() / HOUR);
    const ranges: Record<string, string>[] = [
      {},
      { from: new Date(now - 30 * DAY).toISOString() },
      { from: new Date(now - 40 * HOUR).toISOString() },
      { from: new Date(now - 12 * DAY - 5 * HOUR).toISOString(), to: new Date(now - 2 * DAY - 3 * HOUR).toISOString() },
    ];
    const filters: Record<string, string>[] = [
      {},
      { team_id: people.ownedTeamId },
      { channel: "mcp_tool" },
      { status: "error" },
      { status: "success" },
      { prompt: "p-3" },
    ];
    for (const range of ranges) {
      for (const filter of filters) {
        const query = { ...range, ...filter };
        // Read again if an hour started in between: the last 24 hours would differ.
        for (let attempt = 0; ; attempt++) {
          const started = hour();
          const [fromRollups, fromLog] = await Promise.all([
            read(people.admin, query),
            read(people.admin, { ...query, user_id: people.member.userId }),
          ]);
          if (hour() !== started && attempt === 0) continue;
          expect(fromRollups, JSON.stringify(query)).toEqual(fromLog);
          break;
        }
      }
    }

    // Not an empty agreement: ten of the thirteen prompts, ties at the tenth place broken by name.
    const month = await read(people.admin, ranges[1] as Record<string, string>);
    expect(month.summary.expansions).toBeGreaterThan(500);
    expect(month.top_prompts).toHaveLength(10);
    expect(month.top_errors.length).toBeGreaterThan(5);
    expect(month.channels).toHaveLength(4);
    expect(month.expands_24h).toBeGreaterThan(20);
  });

  it("counts every prompt and version for admins, the caller's own for others", async () => {
    const db = own.database.db;
    const hello = { user_template: "Hi", input_schema: { type: "object", properties: {} } };
    const name = await createPromptThroughApi(own.app, people.admin, unique("count").toLowerCase(), hello, "org");
    await createPromptThroughApi(own.app, people.member, unique("mine").toLowerCase(), hello, "private");
    const second = await ask("PUT", `/api/v1/prompts/${name}`, people.admin, { ...hello, version: "2" });
    expect(second.statusCode, second.body).toBe(201);
    const counted = async () => {
      const [row] = await queryRows<{ prompts: number; versions: number }>(
        db,
        sql`select (select count(*)::int from prompts) as prompts, (select count(*)::int from prompt_versions) as versions`,
      );
      return row;
    };
    const totals = async (session: Session) => {
      const body = await read(session, {});
      return { prompts: body.total_prompts, versions: body.total_versions };
    };

    expect(await counted()).toEqual({ prompts: 2, versions: 3 });
    expect(await totals(people.admin)).toEqual(await counted());
    expect(await totals(people.member)).toEqual({ prompts: 1, versions: 1 });
    // Nothing in the API deletes prompts; a deletion by hand (its versions go with it) still counts.
    await db.execute(sql`delete from prompts where name = ${name}`);
    expect(await counted()).toEqual({ prompts: 1, versions: 1 });
    expect(await totals(people.admin)).toEqual(await counted());
  });
});

describe("prompt usage", () => {
  const usageOf = (session: Session | null, name: string, query = "") =>
    t.app.usage.flush().then(() => send("GET", `/api/v1/metrics/prompts/${name}${query}`, session));

  it("says which versions and labels served, the error rate and the latest errors", async () => {
    const name = await newPrompt(org.admin);
    const second = await send("PUT", `/api/v1/prompts/${name}`, org.admin, {
      version: "2",
      user_template: "Again {{ topic }}",
      input_schema: { type: "object", properties: { topic: { type: "string" } }, required: ["topic"] },
    });
    expect(second.statusCode, second.body).toBe(201);
    expect((await send("PUT", `/api/v1/prompts/${name}/labels/staging`, org.admin, { version: "1" })).statusCode).toBe(
      200,
    );
    expect((await expand(org.member, name)).statusCode).toBe(200);
    expect((await expand(org.member, name)).statusCode).toBe(200);
    expect(
      (await send("POST", `/api/v1/expand/${name}?label=staging`, org.member, { input: { topic: "s" } })).statusCode,
    ).toBe(200);
    expect((await expand(org.member, name, {})).statusCode).toBe(422);
    expect(
      (await send("POST", `/api/v1/expand/${name}?label=canary`, org.member, { input: { topic: "s" } })).statusCode,
    ).toBe(404);

    const response = await usageOf(org.admin, name);
    expect(response.statusCode, response.body).toBe(200);
    const usage = response.json();
    expect(usage).toMatchObject({ prompt: name, expansions: 5, errors: 2, error_rate_pct: 40 });
    expect(usage.series).toHaveLength(30);
    expect(usage.series.at(-1)).toMatchObject({ expansions: 5, errors: 2 });
    expect(usage.versions).toEqual([
      { version: "2", expansions: 3, errors: 1 },
      { version: "1", expansions: 1, errors: 0 },
      { version: "latest", expansions: 1, errors: 1 },
    ]);
    expect(usage.labels).toEqual([
      { label: "latest", expansions: 3, errors: 1 },
      { label: "canary", expansions: 1, errors: 1 },
      { label: "staging", expansions: 1, errors: 0 },
    ]);
    expect(usage.channels).toEqual([{ channel: "rest", expansions: 5, errors: 2 }]);
    expect(usage.latest_errors.map((error: { error_code: string }) => error.error_code)).toEqual([
      "label_not_found",
      "validation_error",
    ]);
    expect(usage.latest_errors[0]).toMatchObject({ prompt: name, status_code: 404, label: "canary" });

    // A member reads their own use of it; others' is not theirs to see.
    expect((await usageOf(org.colleague, name)).json()).toMatchObject({ expansions: 0, latest_errors: [] });
    expect((await usageOf(org.member, name, "?days=7")).json()).toMatchObject({ expansions: 5, errors: 2 });
    expect((await usageOf(org.member, name, "?days=7")).json().series).toHaveLength(7);
    expect((await usageOf(org.member, name, "?days=91")).statusCode).toBe(422);
  });

  it("is 404 for a prompt the caller cannot see", async () => {
    const secret = await newPrompt(org.admin, "private");
    const response = await usageOf(org.member, secret);
    expect(response.statusCode).toBe(404);
    expect(response.json()).toMatchObject({ code: "prompt_not_found" });
    expect((await usageOf(null, secret)).statusCode).toBe(401);
  });
});
