import { sql } from "drizzle-orm";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestContext, type TestContext } from "../test/harness.js";
import {
  CHANGES_CHANNEL,
  type ChangeFeed,
  type ChangeFeedStatus,
  type ChangeTopic,
  listenToPostgres,
} from "./change-feed.js";

// The PostgreSQL listener on its own, with a fast heartbeat.
describe.runIf(process.env.TEST_DB === "postgres")("PostgreSQL change listener", () => {
  let t: TestContext;
  let pool: pg.Pool;
  const feeds: ChangeFeed[] = [];

  beforeAll(async () => {
    t = await createTestContext();
    pool = new pg.Pool({ connectionString: t.databaseUrl as string, max: 2 });
  });
  afterAll(async () => {
    await Promise.all(feeds.map((feed) => feed.close()));
    await pool?.end();
    await t?.close();
  });

  /** Log lines by level, as the feed wrote them. */
  const recordingLog = () => {
    const lines: { level: "info" | "warn"; message: string }[] = [];
    return {
      lines,
      info: (message: string) => lines.push({ level: "info", message }),
      warn: (message: string) => lines.push({ level: "warn", message }),
    };
  };
  const listen = (
    send: (channel: string, payload: string) => Promise<unknown>,
    options: Parameters<typeof listenToPostgres>[2] = {},
  ) => {
    const feed = listenToPostgres(t.databaseUrl as string, send, { heartbeatMs: 100, ...options });
    feeds.push(feed);
    return feed;
  };
  const notify = (channel: string, payload: string) => pool.query("select pg_notify($1, $2)", [channel, payload]);
  const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
  // As behind a pooler that forwards no notifications: LISTEN succeeds, the heartbeat never arrives.
  const deaf = (_channel: string, payload: string) => notify("elsewhere", payload);

  it("stays live while its heartbeats come back, and counts changes but not heartbeats", async () => {
    const log = recordingLog();
    const feed = listen(notify, { log });
    await expect.poll(() => feed.live, { timeout: 5_000 }).toBe(true);
    expect(feed.status()).toEqual({ state: "live", failures: 0, retryMs: null });
    const before = feed.generation("data");
    await pause(600);
    expect(feed.live).toBe(true);
    expect(feed.generation("data")).toBe(before);
    expect(log.lines).toEqual([{ level: "info", message: "change feed live" }]);

    await notify(CHANGES_CHANNEL, "policies");
    await expect.poll(() => feed.generation("data"), { timeout: 5_000 }).toBe(before + 1);
    const sessions = feed.generation("sessions");
    await notify(CHANGES_CHANNEL, "mcp_sessions");
    await expect.poll(() => feed.generation("sessions"), { timeout: 5_000 }).toBe(sessions + 1);
  });

  it("never counts a connection live until a heartbeat comes back, and backs off further each time", async () => {
    const log = recordingLog();
    const feed = listen(deaf, { log, backoff: { initialMs: 50, maxMs: 400 } });
    const seen: ChangeFeedStatus[] = [];
    let everLive = false;
    for (let waited = 0; waited < 3_000; waited += 10) {
      everLive ||= feed.live;
      const status = feed.status();
      if (status.retryMs !== null && status.retryMs !== seen.at(-1)?.retryMs) seen.push(status);
      await pause(10);
    }
    expect(everLive).toBe(false);
    expect(feed.status().state).toBe("reconnecting");
    // Each lost connection waits twice as long as the one before, up to the cap; nothing resets it.
    expect(seen.map((status) => status.retryMs).slice(0, 4)).toEqual([50, 100, 200, 400]);
    expect(seen.every((status) => status.retryMs! <= 400)).toBe(true);
    expect(feed.status().failures).toBeGreaterThanOrEqual(5);
    // One line when it became clear the feed is not live, none for each further failed attempt.
    expect(log.lines).toEqual([
      {
        level: "warn",
        message: expect.stringMatching(/^change feed not live: no heartbeat came back within 100 ms; .*backoff/),
      },
    ]);
  });

  it("stops vouching for the cache when its heartbeats stop coming back, says so once, and recovers", async () => {
    const log = recordingLog();
    let heard = true;
    const feed = listen((channel, payload) => (heard ? notify(channel, payload) : deaf(channel, payload)), {
      log,
      backoff: { initialMs: 50, maxMs: 400 },
    });
    await expect.poll(() => feed.live, { timeout: 5_000 }).toBe(true);
    const before = feed.generation("data");
    heard = false;
    await expect.poll(() => feed.live, { timeout: 5_000, interval: 10 }).toBe(false);
    expect(feed.generation("data")).toBeGreaterThan(before);
    await expect.poll(() => feed.status().failures, { timeout: 5_000 }).toBeGreaterThanOrEqual(3);

    heard = true;
    await expect.poll(() => feed.live, { timeout: 5_000 }).toBe(true);
    expect(feed.status()).toEqual({ state: "live", failures: 0, retryMs: null });
    expect(log.lines.map((line) => line.level)).toEqual(["info", "warn", "info"]);
    expect(log.lines[1]?.message).toMatch(/^change feed lost: no heartbeat came back/);
    expect(log.lines[2]?.message).toMatch(/^change feed live again after \d+ failed attempts$/);
  });

  it("tells its listeners of every change but no heartbeat, and of everything when it loses and regains its connection", async () => {
    let heard = true;
    const feed = listen((channel, payload) => (heard ? notify(channel, payload) : deaf(channel, payload)), {
      backoff: { initialMs: 50, maxMs: 400 },
    });
    const topics: ChangeTopic[] = [];
    feed.onChange((topic) => topics.push(topic));
    await expect.poll(() => feed.live, { timeout: 5_000 }).toBe(true);
    // Becoming live says that anything may have changed while it was not.
    expect(topics).toEqual(["data", "sessions", "identities"]);
    await pause(300);
    expect(topics).toHaveLength(3);

    await notify(CHANGES_CHANNEL, "prompts");
    await notify(CHANGES_CHANNEL, "mcp_sessions");
    await expect.poll(() => topics.slice(3), { timeout: 5_000 }).toEqual(["data", "sessions"]);

    heard = false;
    await expect.poll(() => feed.live, { timeout: 5_000, interval: 10 }).toBe(false);
    expect(topics.slice(5, 8)).toEqual(["data", "sessions", "identities"]);
    heard = true;
    await expect.poll(() => feed.live, { timeout: 5_000 }).toBe(true);
    expect(topics.slice(-3)).toEqual(["data", "sessions", "identities"]);
  });
});

// The app's own feed, on whichever database the tests run.
describe("change listeners", () => {
  let t: TestContext;

  beforeAll(async () => {
    t = await createTestContext();
  });
  afterAll(async () => {
    await t?.close();
  });

  it("hears committed changes and local touches until it stops listening", async () => {
    const feed = t.database.changes;
    const topics: ChangeTopic[] = [];
    const stop = feed.onChange((topic) => topics.push(topic));
    await t.database.db.execute(sql`select pg_notify(${CHANGES_CHANNEL}, 'prompt_shares')`);
    await expect.poll(() => topics, { timeout: 5_000 }).toEqual(["data"]);
    feed.touch("identities");
    expect(topics).toEqual(["data", "identities"]);

    stop();
    feed.touch("data");
    await t.changesSeen();
    expect(topics).toEqual(["data", "identities"]);
  });

  it("keeps calling the other listeners when one throws", async () => {
    const feed = t.database.changes;
    const heard: string[] = [];
    const stops = [
      feed.onChange(() => {
        throw new Error("a listener's own failure");
      }),
      feed.onChange((topic) => heard.push(topic)),
    ];
    feed.touch("sessions");
    expect(heard).toEqual(["sessions"]);
    for (const stop of stops) stop();
  });
});
