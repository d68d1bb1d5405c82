import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestContext, type TestContext } from "../test/harness.js";
import { CHANGES_CHANNEL, type ChangeFeed, listenToPostgres } from "./change-feed.js";

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

  const listen = (send: (channel: string, payload: string) => Promise<unknown>) => {
    const feed = listenToPostgres(t.databaseUrl as string, send, 100);
    feeds.push(feed);
    return feed;
  };
  const notify = (channel: string, payload: string) => pool.query("select pg_notify($1, $2)", [channel, payload]);
  const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

  it("stays live while its heartbeats come back, and counts changes but not heartbeats", async () => {
    const feed = listen(notify);
    await expect.poll(() => feed.live, { timeout: 5_000 }).toBe(true);
    const before = feed.generation("data");
    await pause(600);
    expect(feed.live).toBe(true);
    expect(feed.generation("data")).toBe(before);

    await notify(CHANGES_CHANNEL, "policies");
    await expect.poll(() => feed.generation("data"), { timeout: 5_000 }).toBe(before + 1);
    const sessions = feed.generation("sessions");
    await notify(CHANGES_CHANNEL, "mcp_sessions");
    await expect.poll(() => feed.generation("sessions"), { timeout: 5_000 }).toBe(sessions + 1);
  });

  it("stops vouching for the cache when its heartbeats do not come back", async () => {
    // As behind a pooler that forwards no notifications: the heartbeat never reaches the listener.
    const feed = listen((_channel, payload) => notify("elsewhere", payload));
    await expect.poll(() => feed.live, { timeout: 5_000 }).toBe(true);
    const before = feed.generation("data");
    await expect.poll(() => feed.live, { timeout: 5_000, interval: 10 }).toBe(false);
    expect(feed.generation("data")).toBeGreaterThan(before);
  });
});
