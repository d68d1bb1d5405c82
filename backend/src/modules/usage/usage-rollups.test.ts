import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Db, queryRows } from "../../db/client.js";
import {
  createPromptThroughApi,
  createTeamRow,
  createUserSession,
  registerAdmin,
  type Session,
  sender,
  unique,
} from "../../test/factories.js";
import { createTestContext, type TestContext } from "../../test/harness.js";
import { createUsageRecorder, type UsageEvent } from "./usage.recorder.js";
import { pruneUsage } from "./usage.service.js";
import { LATENCY_BOUNDS_MS } from "./usage-rollup.js";

let t: TestContext;
let db: Db;
let admin: Session;
let send: ReturnType<typeof sender>;

beforeAll(async () => {
  t = await createTestContext();
  db = t.database.db;
  send = sender(t.app);
  admin = await registerAdmin(t.app);
});
afterAll(async () => t?.close());

const silentLog = { error: () => {}, warn: () => {}, info: () => {} } as never;
const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;

const event = (promptName: string, overrides: Partial<UsageEvent> = {}): UsageEvent => ({
  occurredAt: new Date(),
  promptName,
  promptVersion: "1",
  label: "latest",
  statusCode: 200,
  errorCode: null,
  errorMessage: null,
  latencyMs: 1.5,
  source: "rest",
  channel: "rest",
  callerType: "user",
  userId: admin.userId,
  apiKeyId: null,
  teamId: admin.teamId,
  projectId: null,
  inputBytes: 2,
  outputBytes: 10,
  inputExcerpt: null,
  outputExcerpt: null,
  ...overrides,
});

type Row = Record<string, unknown>;

/** The rows of the organization (every grain) and of each team (days), as the log gives them. */
const PLACES = sql.raw(`cross join (values ('hour', false), ('day', false), ('day', true)) as g(grain, per_team)
  where (not g.per_team or u.team_id is not null)`);
const placeTeam = sql.raw("case when g.per_team then u.team_id end::text");

const HISTOGRAM = sql.raw(
  `array[${Array.from({ length: LATENCY_BOUNDS_MS.length + 1 }, (_, i) => `(count(*) filter (where width_bucket(u.latency_ms, array[${LATENCY_BOUNDS_MS.join(",")}]::float8[]) = ${i}))::int`).join(", ")}]::text`,
);

/** The rollups of prompts starting with `prefix`, as stored. */
async function storedRollups(prefix: string) {
  return queryRows<Row>(
    db,
    sql`select grain, bucket, prompt_name, channel, status_class::int as status_class, team_id::text as team_id, count,
      round(latency_sum::numeric, 6)::text as latency_sum, latency_max, latency_histogram::text as histogram
    from usage_rollups where prompt_name like ${`${prefix}%`}
    order by 1, 2, 3, 4, 5, 6`,
  );
}

/** The same, computed from the log rows. */
async function rollupsFromLog(prefix: string) {
  return queryRows<Row>(
    db,
    sql`select g.grain, date_trunc(g.grain, u.created_at at time zone 'UTC') at time zone 'UTC' as bucket,
      u.prompt_name, u.channel, least(greatest(u.status_code / 100, 2), 5) as status_class, ${placeTeam} as team_id,
      count(*)::int as count, round(sum(u.latency_ms)::numeric, 6)::text as latency_sum,
      max(u.latency_ms) as latency_max, ${HISTOGRAM} as histogram
    from prompt_usage u ${PLACES} and u.prompt_name like ${`${prefix}%`}
    group by 1, 2, 3, 4, 5, 6
    order by 1, 2, 3, 4, 5, 6`,
  );
}

/**
 * The rollups by channel, as stored and as the log gives them. They add every prompt together, so
 * they are compared whole: every test before pruning keeps the log and the rollups in step.
 */
async function storedChannelRollups() {
  return queryRows<Row>(
    db,
    sql`select grain, bucket, channel, status_class::int as status_class, team_id::text as team_id, count,
      round(latency_sum::numeric, 6)::text as latency_sum, latency_max, latency_histogram::text as histogram
    from usage_channel_rollups
    order by 1, 2, 3, 4, 5`,
  );
}

async function channelRollupsFromLog() {
  return queryRows<Row>(
    db,
    sql`select g.grain, date_trunc(g.grain, u.created_at at time zone 'UTC') at time zone 'UTC' as bucket,
      u.channel, least(greatest(u.status_code / 100, 2), 5) as status_class, ${placeTeam} as team_id,
      count(*)::int as count, round(sum(u.latency_ms)::numeric, 6)::text as latency_sum,
      max(u.latency_ms) as latency_max, ${HISTOGRAM} as histogram
    from prompt_usage u ${PLACES}
    group by 1, 2, 3, 4, 5
    order by 1, 2, 3, 4, 5`,
  );
}

async function storedPromptRollups(prefix: string) {
  return queryRows<Row>(
    db,
    sql`select grain, bucket, prompt_name, team_id::text as team_id, count, errors,
      round(latency_sum::numeric, 6)::text as latency_sum, latency_max
    from usage_prompt_rollups where prompt_name like ${`${prefix}%`}
    order by 1, 2, 3, 4`,
  );
}

async function promptRollupsFromLog(prefix: string) {
  return queryRows<Row>(
    db,
    sql`select g.grain, date_trunc(g.grain, u.created_at at time zone 'UTC') at time zone 'UTC' as bucket,
      u.prompt_name, ${placeTeam} as team_id, count(*)::int as count,
      (count(*) filter (where least(greatest(u.status_code / 100, 2), 5) <> 2))::int as errors,
      round(sum(u.latency_ms)::numeric, 6)::text as latency_sum, max(u.latency_ms) as latency_max
    from prompt_usage u ${PLACES} and u.prompt_name like ${`${prefix}%`}
    group by 1, 2, 3, 4
    order by 1, 2, 3, 4`,
  );
}

async function storedVersionRollups(prefix: string) {
  return queryRows<Row>(
    db,
    sql`select bucket, prompt_name, prompt_version, label, status_class::int as status_class, team_id::text as team_id,
      count
    from usage_version_rollups where prompt_name like ${`${prefix}%`}
    order by 1, 2, 3, 4, 5, 6`,
  );
}

async function versionRollupsFromLog(prefix: string) {
  return queryRows<Row>(
    db,
    sql`select date_trunc('day', u.created_at at time zone 'UTC') at time zone 'UTC' as bucket, u.prompt_name,
      u.prompt_version, u.label, least(greatest(u.status_code / 100, 2), 5) as status_class, ${placeTeam} as team_id,
      count(*)::int as count
    from prompt_usage u ${PLACES} and g.grain = 'day' and u.prompt_name like ${`${prefix}%`}
    group by 1, 2, 3, 4, 5, 6
    order by 1, 2, 3, 4, 5, 6`,
  );
}

async function storedErrorRollups(prefix: string) {
  return queryRows<Row>(
    db,
    sql`select grain, bucket, prompt_name, channel, team_id::text as team_id, status_code, error_code, error_message,
      count, last_seen_at
    from usage_error_rollups where prompt_name like ${`${prefix}%`}
    order by 1, 2, 3, 4, 5, 6, 7, 8`,
  );
}

async function errorRollupsFromLog(prefix: string) {
  return queryRows<Row>(
    db,
    sql`select g.grain, date_trunc(g.grain, u.created_at at time zone 'UTC') at time zone 'UTC' as bucket,
      u.prompt_name, u.channel, ${placeTeam} as team_id, u.status_code, u.error_code,
      coalesce(u.error_message, '') as error_message, count(*)::int as count, max(u.created_at) as last_seen_at
    from prompt_usage u ${PLACES} and u.prompt_name like ${`${prefix}%`}
      and u.status_code not between 200 and 299 and u.error_code is not null
    group by 1, 2, 3, 4, 5, 6, 7, 8
    order by 1, 2, 3, 4, 5, 6, 7, 8`,
  );
}

async function storedChannelErrorRollups() {
  return queryRows<Row>(
    db,
    sql`select grain, bucket, channel, team_id::text as team_id, status_code, error_code, error_message, count,
      last_seen_at
    from usage_channel_error_rollups
    order by 1, 2, 3, 4, 5, 6, 7`,
  );
}

async function channelErrorRollupsFromLog() {
  return queryRows<Row>(
    db,
    sql`select g.grain, date_trunc(g.grain, u.created_at at time zone 'UTC') at time zone 'UTC' as bucket,
      u.channel, ${placeTeam} as team_id, u.status_code, u.error_code, coalesce(u.error_message, '') as error_message,
      count(*)::int as count, max(u.created_at) as last_seen_at
    from prompt_usage u ${PLACES} and u.status_code not between 200 and 299 and u.error_code is not null
    group by 1, 2, 3, 4, 5, 6, 7
    order by 1, 2, 3, 4, 5, 6, 7`,
  );
}

/** Each rollup that adds prompts together, or channels and statuses, against the log. */
async function expectRollupsByChannelAndPromptOfLog(prefix: string) {
  const channels = await storedChannelRollups();
  expect(channels.length).toBeGreaterThan(0);
  expect(channels).toEqual(await channelRollupsFromLog());
  const prompts = await storedPromptRollups(prefix);
  expect(prompts.length).toBeGreaterThan(0);
  expect(prompts).toEqual(await promptRollupsFromLog(prefix));
  expect(await storedChannelErrorRollups()).toEqual(await channelErrorRollupsFromLog());
}

async function logCount(prefix: string) {
  const [row] = await queryRows<{ n: number }>(
    db,
    sql`select count(*)::int as n from prompt_usage where prompt_name like ${`${prefix}%`}`,
  );
  return row?.n ?? 0;
}

describe("rollups", () => {
  it("equal the aggregates of the log after many concurrent expansions and writers", async () => {
    const prefix = unique("roll").toLowerCase();
    const team = await createTeamRow(db, { parentTeamId: admin.teamId });
    const users = await Promise.all([0, 1, 2].map(() => createUserSession(t.app, db, { teamId: team.id })));
    const names: string[] = [];
    for (const visibility of ["org", "public"]) {
      names.push(
        await createPromptThroughApi(
          t.app,
          admin,
          `${prefix}-${visibility}`,
          {
            user_template: "Hi {{ who }}",
            input_schema: { type: "object", properties: { who: { type: "string" } }, required: ["who"] },
          },
          visibility,
        ),
      );
    }
    // Requests through the app (its own recorder), all at once: successes, bad input, unknown labels, anonymous.
    const requests = Array.from({ length: 120 }, (_, i) => {
      const name = names[i % 2] as string;
      const caller = i % 5 === 0 ? null : (users[i % 3] as Session);
      const input = i % 7 === 0 ? {} : { who: `n${i}` };
      const query = i % 11 === 0 ? "?label=canary" : "";
      return send("POST", `/api/v1/expand/${name}${query}`, caller, { input });
    });
    // Other replicas: recorders of their own writing small batches over several hours and days at the same time.
    const replicas = [0, 1, 2].map(() => createUsageRecorder(db, silentLog, { batchSize: 7, flushIntervalMs: 5 }));
    replicas.forEach((replica, r) => {
      for (let i = 0; i < 150; i++) {
        const failed = i % 6 === 0;
        replica.record(
          event(`${prefix}-replica-${i % 4}`, {
            occurredAt: new Date(Date.now() - ((i * 37 + r) % 72) * HOUR),
            latencyMs: (i * 13) % 2500,
            channel: (["rest", "mcp_tool", "mcp_prompt", "workflow"] as const)[i % 4],
            teamId: i % 3 === 0 ? null : team.id,
            label: i % 5 === 0 ? null : "production",
            statusCode: failed ? (i % 4 === 0 ? 500 : 422) : 200,
            errorCode: failed ? (i % 4 === 0 ? "internal_error" : "validation_error") : null,
            errorMessage: failed ? `bad input ${i % 2}` : null,
          }),
        );
      }
    });
    const responses = await Promise.all(requests);
    expect(responses.filter((response) => response.statusCode === 200).length).toBeGreaterThan(50);
    await Promise.all([t.app.usage.flush(), ...replicas.map((replica) => replica.close())]);

    expect(await logCount(prefix)).toBe(120 + 3 * 150);
    const stored = await storedRollups(prefix);
    expect(stored.length).toBeGreaterThan(20);
    expect(stored).toEqual(await rollupsFromLog(prefix));
    const storedVersions = await storedVersionRollups(prefix);
    expect(storedVersions.length).toBeGreaterThan(10);
    expect(storedVersions).toEqual(await versionRollupsFromLog(prefix));
    const storedErrors = await storedErrorRollups(prefix);
    expect(storedErrors.length).toBeGreaterThan(5);
    expect(storedErrors).toEqual(await errorRollupsFromLog(prefix));
    expect((await storedChannelErrorRollups()).length).toBeGreaterThan(5);
    await expectRollupsByChannelAndPromptOfLog(prefix);
  });

  it("count only the rows that were written when a batch holds bad ones", async () => {
    const errors: unknown[] = [];
    const recorder = createUsageRecorder(
      db,
      { error: (...args: unknown[]) => errors.push(args), warn: () => {} } as never,
      { batchSize: 1000, flushIntervalMs: 60_000 },
    );
    const prefix = unique("bad").toLowerCase();
    for (let i = 0; i < 10; i++) recorder.record(event(prefix, { latencyMs: i }));
    recorder.record(event(prefix, { userId: "not-a-uuid" }));
    recorder.record(event(prefix, { statusCode: 2 ** 40 }));
    for (let i = 10; i < 15; i++) recorder.record(event(prefix, { latencyMs: i, statusCode: 404, errorCode: "x" }));
    await recorder.flush();

    expect(await logCount(prefix)).toBe(15);
    expect(errors).toHaveLength(2);
    expect(recorder.stats().dropped).toBe(2);
    const stored = await storedRollups(prefix);
    // Each written row counts in the organization's hour and day and in its team's day.
    expect(stored.reduce((sum, row) => sum + Number(row.count), 0)).toBe(3 * 15);
    expect(stored).toEqual(await rollupsFromLog(prefix));
    expect(await storedVersionRollups(prefix)).toEqual(await versionRollupsFromLog(prefix));
    expect(await storedErrorRollups(prefix)).toEqual(await errorRollupsFromLog(prefix));
    await expectRollupsByChannelAndPromptOfLog(prefix);
  });
});

describe("retention", () => {
  it("prunes log rows and rollup buckets past usage_retention_days, in small batches", async () => {
    const prefix = unique("old").toLowerCase();
    const recorder = createUsageRecorder(db, silentLog, { batchSize: 1000, flushIntervalMs: 60_000 });
    const now = new Date();
    const ages = [45, 40, 31, 31, 29, 2, 0];
    for (const days of ages) {
      recorder.record(
        event(prefix, {
          occurredAt: new Date(now.getTime() - days * DAY),
          statusCode: 422,
          errorCode: "validation_error",
          errorMessage: "no",
        }),
      );
    }
    await recorder.close();
    const oldestBucket = async () => {
      const [row] = await queryRows<{ oldest: string | Date | null }>(
        db,
        sql`select min(bucket) as oldest from usage_rollups where prompt_name = ${prefix}`,
      );
      return row?.oldest ? new Date(row.oldest) : null;
    };

    const monthAgo = new Date(now.getTime() - 31 * DAY).toISOString();
    /** Rows before `time` of the rollups that add prompts together (or channels and statuses). */
    const addedUpBefore = async (promptName: string, time: string) => {
      const [row] = await queryRows<{ prompts: number; channels: number; errors: number }>(
        db,
        sql`select
          (select count(*)::int from usage_prompt_rollups where prompt_name = ${promptName}
            and bucket < ${time}::timestamptz) as prompts,
          (select count(*)::int from usage_channel_rollups where bucket < ${time}::timestamptz) as channels,
          (select count(*)::int from usage_channel_error_rollups where bucket < ${time}::timestamptz) as errors`,
      );
      return row;
    };
    // Three events older than that, two of them in the same hour: each in an hour, a day and a team's day.
    expect(await addedUpBefore(prefix, monthAgo)).toEqual({ prompts: 9, channels: 9, errors: 9 });

    const pruned = await pruneUsage(db, { now, batchSize: 2 });
    expect(pruned.events).toBeGreaterThanOrEqual(4);
    expect(await logCount(prefix)).toBe(3);
    // Whole buckets only: what remains starts no earlier than the day before the cutoff.
    expect((await oldestBucket())?.getTime()).toBeGreaterThanOrEqual(now.getTime() - 31 * DAY);
    const errorRollups = await queryRows<{ n: number }>(
      db,
      sql`select count(*)::int as n from usage_error_rollups where prompt_name = ${prefix} and bucket < ${monthAgo}::timestamptz`,
    );
    expect(errorRollups[0]?.n).toBe(0);
    expect(await addedUpBefore(prefix, monthAgo)).toEqual({ prompts: 0, channels: 0, errors: 0 });

    expect((await send("PATCH", "/api/v1/settings", admin, { usage_retention_days: 1 })).statusCode).toBe(200);
    try {
      await pruneUsage(db, { now });
      expect(await logCount(prefix)).toBe(1);
      expect((await oldestBucket())?.getTime()).toBeGreaterThanOrEqual(now.getTime() - 2 * DAY);
    } finally {
      await send("PATCH", "/api/v1/settings", admin, { usage_retention_days: 30 });
    }
  });

  it("stops between batches when told to", async () => {
    const prefix = unique("stop").toLowerCase();
    const recorder = createUsageRecorder(db, silentLog, { batchSize: 1000, flushIntervalMs: 60_000 });
    for (let i = 0; i < 5; i++) recorder.record(event(prefix, { occurredAt: new Date(Date.now() - 90 * DAY) }));
    await recorder.close();
    const stopped = new AbortController();
    stopped.abort();
    expect(await pruneUsage(db, { signal: stopped.signal, batchSize: 1 })).toEqual({ events: 0, rollups: 0 });
    expect(await logCount(prefix)).toBe(5);
  });
});
