import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "../../db/client.js";
import { prompts, promptUsage, promptVersions } from "../../db/schema.js";
import { createUserSession, registerAdmin, type Session, unique } from "../../test/factories.js";
import { createTestContext, type TestContext } from "../../test/harness.js";

let t: TestContext;
let db: Db;
let admin: Session;

beforeAll(async () => {
  t = await createTestContext();
  db = t.database.db;
  admin = await registerAdmin(t.app);
});
afterAll(async () => t?.close());

const dashboard = (session?: Session) =>
  t.app.inject({ method: "GET", url: "/api/v1/metrics/dashboard", headers: session?.auth ?? {} });

async function createPrompt(ownerId: string, versions = ["1.0.0"]) {
  const name = unique("m").toLowerCase();
  const [prompt] = await db.insert(prompts).values({ name, userId: ownerId, visibility: "public" }).returning();
  let latest: string | undefined;
  for (const version of versions) {
    const [row] = await db
      .insert(promptVersions)
      .values({ promptId: prompt?.id as string, version, userTemplate: "{{ input }}", inputSchema: {} })
      .returning();
    latest = row?.id;
  }
  await db
    .update(prompts)
    .set({ latestVersionId: latest })
    .where(eq(prompts.id, prompt?.id as string));
  return name;
}

const expand = (name: string, session: Session | null, input: Record<string, unknown> = { input: "x" }) =>
  t.app.inject({ method: "POST", url: `/api/v1/expand/${name}`, headers: session?.auth ?? {}, payload: { input } });

const today = () => new Date().toISOString().slice(0, 10);

describe("metrics dashboard", () => {
  it("needs a signed-in caller", async () => {
    expect((await dashboard()).statusCode).toBe(401);
  });

  it("starts at zero, then counts a failed expansion as a 100% error rate", async () => {
    expect((await dashboard(admin)).json()).toEqual({
      total_prompts: 0,
      total_versions: 0,
      total_expands: 0,
      expands_24h: 0,
      avg_latency_ms: 0,
      error_rate_pct: 0,
      top_prompts: [],
      daily_usage: [],
    });

    expect((await expand("does-not-exist", admin)).statusCode).toBe(404);
    await t.app.usage.flush();
    const body = (await dashboard(admin)).json();
    expect(body).toMatchObject({ total_expands: 1, expands_24h: 1, error_rate_pct: 100 });
    expect(body.top_prompts).toEqual([{ name: "does-not-exist", count: 1, avg_latency_ms: expect.any(Number) }]);
    expect(body.daily_usage).toEqual([{ date: today(), count: 1 }]);
  });

  it("shows members only their own prompts and their usage; admins everything", async () => {
    const owner = await createUserSession(t.app, db, { teamId: admin.teamId });
    const other = await createUserSession(t.app, db, { teamId: admin.teamId });
    const mine = await createPrompt(owner.userId, ["1.0.0", "2.0.0"]);
    const theirs = await createPrompt(other.userId);
    await expand(mine, owner);
    await expand(mine, other);
    await expand(mine, null, {});
    await expand(theirs, owner);
    await t.app.usage.flush();

    const ownerView = (await dashboard(owner)).json();
    expect(ownerView).toMatchObject({
      total_prompts: 1,
      total_versions: 2,
      total_expands: 3,
      expands_24h: 3,
      error_rate_pct: 33.3,
    });
    expect(ownerView.top_prompts).toEqual([{ name: mine, count: 3, avg_latency_ms: expect.any(Number) }]);
    expect(ownerView.daily_usage).toEqual([{ date: today(), count: 3 }]);

    const nobody = await createUserSession(t.app, db, { teamId: admin.teamId });
    expect((await dashboard(nobody)).json()).toMatchObject({
      total_prompts: 0,
      total_expands: 0,
      top_prompts: [],
      daily_usage: [],
    });

    const adminView = (await dashboard(admin)).json();
    expect(adminView.total_prompts).toBeGreaterThanOrEqual(2);
    expect(adminView.top_prompts.map((top: { name: string }) => top.name)).toEqual(
      expect.arrayContaining([mine, theirs]),
    );
  });

  it("computes averages, ordering and day buckets from the recorded rows", async () => {
    const owner = await createUserSession(t.app, db, { teamId: admin.teamId });
    const busy = await createPrompt(owner.userId);
    const quiet = await createPrompt(owner.userId);
    const day = 24 * 60 * 60 * 1000;
    const row = (promptName: string, latencyMs: number, statusCode: number, ageMs: number) => ({
      promptName,
      promptVersion: "1.0.0",
      statusCode,
      latencyMs,
      source: "rest" as const,
      createdAt: new Date(Date.now() - ageMs),
    });
    await db
      .insert(promptUsage)
      .values([
        row(busy, 10, 200, 0),
        row(busy, 20, 200, 0),
        row(busy, 30, 422, 2 * day),
        row(quiet, 5, 200, 0),
        row(quiet, 100, 200, 30 * day),
      ]);

    const body = (await dashboard(owner)).json();
    expect(body).toMatchObject({ total_expands: 5, expands_24h: 3, avg_latency_ms: 33, error_rate_pct: 20 });
    expect(body.top_prompts).toEqual([
      { name: busy, count: 3, avg_latency_ms: 20 },
      { name: quiet, count: 1, avg_latency_ms: 5 },
    ]);
    const twoDaysAgo = new Date(Date.now() - 2 * day).toISOString().slice(0, 10);
    expect(body.daily_usage).toEqual([
      { date: twoDaysAgo, count: 1 },
      { date: today(), count: 3 },
    ]);
  });
});
