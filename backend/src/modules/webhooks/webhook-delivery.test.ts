import { eq, sql } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "../../db/client.js";
import { webhookDeliveries, webhookEvents } from "../../db/schema.js";
import { createUserSession, registerAdmin, type Session, sender, unique } from "../../test/factories.js";
import { createTestContext, type TestContext } from "../../test/harness.js";
import { type Receiver, startReceiver, verifySignature } from "../../test/webhook-receiver.js";
import { recordAudit } from "../audit/audit.recorder.js";
import { retryDelayMs } from "./webhook-dispatcher.js";

let t: TestContext;
let db: Db;
let admin: Session;
let author: Session;
let send: ReturnType<typeof sender>;
const receivers: Receiver[] = [];

const ALL_EVENTS = [
  "prompt.version_created",
  "prompt.label_moved",
  "prompt.deprecated",
  "change_request.opened",
  "change_request.approved",
  "change_request.rejected",
  "policy.changed",
  "objective.changed",
];

async function ok(response: { statusCode: number; body: string }) {
  expect(response.statusCode, response.body).toBeLessThan(300);
  return response.body ? JSON.parse(response.body) : null;
}

/** A receiver and an organization-wide webhook pointing at it. */
async function newReceiverWebhook(events: string[] = ALL_EVENTS, extra: Record<string, unknown> = {}) {
  const receiver = await startReceiver();
  receivers.push(receiver);
  const webhook = await ok(await send("POST", "/api/v1/webhooks", admin, { url: receiver.url, events, ...extra }));
  return { receiver, webhook, secret: webhook.secret as string };
}

async function deliveries(webhookId: string, query = "") {
  return (await ok(await send("GET", `/api/v1/webhooks/${webhookId}/deliveries?limit=100${query}`, admin))).items;
}

async function waitForDeliveries(webhookId: string, done: (items: Record<string, unknown>[]) => boolean) {
  for (let waited = 0; ; waited += 100) {
    const items = await deliveries(webhookId);
    if (done(items)) return items;
    if (waited > 15_000) throw new Error(`deliveries not as expected: ${JSON.stringify(items)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const newPolicy = () =>
  send("POST", "/api/v1/policies", admin, {
    team_id: admin.teamId,
    name: unique("policy"),
    enforcement_type: "prepend",
    content: "Be kind.",
  });

beforeAll(async () => {
  t = await createTestContext({ WEBHOOKS_POLL_INTERVAL_MS: "100", WEBHOOKS_RETRY_BASE_MS: "200" });
  db = t.database.db;
  send = sender(t.app);
  admin = await registerAdmin(t.app);
  author = await createUserSession(t.app, db, { teamId: admin.teamId });
  await ok(await send("PATCH", "/api/v1/settings", admin, { webhooks_allow_private: true }));
});
afterEach(async () => {
  // Each test's webhooks stop receiving, so the next test's events reach only its own.
  await db.execute(sql`update webhooks set active = false`);
});
afterAll(async () => {
  await Promise.all(receivers.map((receiver) => receiver.close()));
  await t?.close();
});

describe("webhook deliveries", () => {
  it("send every kind of event, signed and with the documented headers", async () => {
    const { receiver, webhook, secret } = await newReceiverWebhook();
    const name = unique("hooked").toLowerCase();
    await ok(await send("POST", "/api/v1/prompts", admin, { name, version: { version: "1", user_template: "Hi" } }));
    await ok(await send("PUT", `/api/v1/prompts/${name}`, admin, { version: "2", user_template: "Hello" }));
    await ok(await send("PUT", `/api/v1/prompts/${name}/labels/staging`, admin, { version: "1" }));
    await ok(await send("DELETE", `/api/v1/prompts/${name}`, admin));
    await ok(await send("POST", `/api/v1/prompts/${name}/restore`, admin));
    const policy = await ok(await newPolicy());
    await ok(await send("PUT", `/api/v1/policies/${policy.id}`, admin, { priority: 7 }));
    await ok(await send("DELETE", `/api/v1/policies/${policy.id}`, admin));
    await ok(await send("POST", "/api/v1/objectives", admin, { team_id: admin.teamId, title: "Grow" }));
    // A protected production label: new prompts wait for review.
    await ok(await send("PATCH", "/api/v1/settings", admin, { protected_labels: ["production"] }));
    const approved = unique("reviewed").toLowerCase();
    await ok(
      await send("POST", "/api/v1/prompts", author, { name: approved, version: { version: "1", user_template: "A" } }),
    );
    const rejected = unique("refused").toLowerCase();
    await ok(
      await send("POST", "/api/v1/prompts", author, { name: rejected, version: { version: "1", user_template: "B" } }),
    );
    const open = await ok(await send("GET", "/api/v1/change-requests?state=open", admin));
    const requestOf = (prompt: string) =>
      open.items.find((item: { title: string }) => item.title.includes(`'${prompt}'`)).id as string;
    await ok(await send("POST", `/api/v1/change-requests/${requestOf(approved)}/approve`, admin, {}));
    await ok(await send("POST", `/api/v1/change-requests/${requestOf(rejected)}/reject`, admin, { reason: "No" }));
    await ok(await send("PATCH", "/api/v1/settings", admin, { protected_labels: [] }));

    const expected = [
      "prompt.version_created", // first version
      "prompt.version_created",
      "prompt.label_moved",
      "prompt.deprecated",
      "prompt.deprecated", // restored
      "policy.changed",
      "policy.changed",
      "policy.changed",
      "objective.changed",
      "prompt.label_moved", // protecting production pins the prompt serving its latest version
      "prompt.version_created",
      "change_request.opened",
      "prompt.version_created",
      "change_request.opened",
      "prompt.label_moved", // the approved request moves production
      "change_request.approved",
      "change_request.rejected",
    ];
    const received = await receiver.waitFor((all) => all.length >= expected.length);
    expect(received.map((request) => request.json.type).sort()).toEqual([...expected].sort());

    for (const request of received) {
      expect(verifySignature(secret, request.headers["x-spechub-signature"] as string, request.body)).toBe(true);
      expect(verifySignature("whsec_wrong", request.headers["x-spechub-signature"] as string, request.body)).toBe(
        false,
      );
      const [, t] = /^t=(\d+),v1=[0-9a-f]{64}$/.exec(request.headers["x-spechub-signature"] as string) ?? [];
      expect(Math.abs(Number(t) - Date.now() / 1000)).toBeLessThan(60);
      expect(request.headers["content-type"]).toBe("application/json");
      expect(request.headers["user-agent"]).toMatch(/^SpecHub-Webhooks\/\d+\.\d+\.\d+/);
      expect(request.headers["x-spechub-event"]).toBe(request.json.type);
      expect(request.headers["x-spechub-delivery"]).toBe(request.json.id);
      expect(request.json).toMatchObject({
        created_at: expect.any(String),
        actor: { type: "user", id: expect.any(String), name: expect.any(String) },
        target: { type: expect.any(String), id: expect.any(String), name: expect.any(String) },
        data: expect.any(Object),
      });
    }
    const ofType = (type: string) => received.filter((request) => request.json.type === type).map((r) => r.json);
    expect(ofType("prompt.version_created")).toContainEqual(
      expect.objectContaining({
        target: { type: "prompt", id: expect.any(String), name },
        team_id: admin.teamId,
        data: expect.objectContaining({ version: "1", first_version: true }),
      }),
    );
    expect(ofType("prompt.label_moved")).toContainEqual(
      expect.objectContaining({ data: { label: "staging", from: null, to: "1" } }),
    );
    expect(ofType("prompt.deprecated").map((event) => event.data)).toEqual(
      expect.arrayContaining([{ deprecated: true }, { deprecated: false }]),
    );
    expect(
      ofType("policy.changed")
        .map((event) => (event.data as { change: string }).change)
        .sort(),
    ).toEqual(["created", "deleted", "updated"]);
    expect(ofType("change_request.rejected")[0]?.data).toMatchObject({ state: "rejected", reason: "No" });

    const log = await waitForDeliveries(
      webhook.id,
      (items) => items.length === expected.length && items.every((item) => item.status === "succeeded"),
    );
    expect(log[0]).toMatchObject({
      webhook_id: webhook.id,
      attempts: 1,
      response_code: 200,
      duration_ms: expect.any(Number),
      error: null,
      next_attempt_at: null,
      delivered_at: expect.any(String),
    });
    const listed = await ok(await send("GET", `/api/v1/webhooks/${webhook.id}`, admin));
    expect(listed.last_delivery).toMatchObject({ status: "succeeded", response_code: 200, at: expect.any(String) });
  });

  it("reach team webhooks only for events of that team's subtree, and only subscribed events", async () => {
    const owner = await createUserSession(t.app, db, { teamId: admin.teamId });
    const team = await ok(
      await send("POST", "/api/v1/teams", admin, {
        name: unique("scoped"),
        slug: unique("scoped").toLowerCase(),
        parent_team_id: admin.teamId,
        owner_id: owner.userId,
      }),
    );
    const child = await ok(
      await send("POST", "/api/v1/teams", admin, {
        name: unique("child"),
        slug: unique("child").toLowerCase(),
        parent_team_id: team.id,
      }),
    );
    const receiver = await startReceiver();
    receivers.push(receiver);
    const webhook = await ok(
      await send("POST", "/api/v1/webhooks", owner, {
        url: receiver.url,
        events: ["policy.changed"],
        team_id: team.id,
      }),
    );
    const policyOn = (teamId: string) =>
      send("POST", "/api/v1/policies", admin, {
        team_id: teamId,
        name: unique("scoped-policy"),
        enforcement_type: "append",
        content: "Scoped.",
      });
    await ok(await policyOn(child.id));
    await ok(await policyOn(admin.teamId));
    await ok(await send("POST", "/api/v1/objectives", admin, { team_id: child.id, title: "Not subscribed" }));
    await ok(await policyOn(team.id));
    await receiver.waitFor((all) => all.length >= 2);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(receiver.received.map((request) => request.json.team_id).sort()).toEqual([child.id, team.id].sort());
    expect((await deliveries(webhook.id)).length).toBe(2);
  });

  it("send nothing for a change that rolls back: the outbox row goes with it", async () => {
    const { receiver, webhook } = await newReceiverWebhook(["policy.changed"]);
    const [before] = await db.select({ count: sql<number>`count(*)::int` }).from(webhookEvents);
    await expect(
      db.transaction(async (tx) => {
        await recordAudit(
          tx,
          { anonymous: true, name: "rollback-test" },
          { action: "policy.created", target: { type: "policy", id: "p-1", name: "doomed" }, after: { name: "x" } },
        );
        throw new Error("the change fails after its audit event");
      }),
    ).rejects.toThrow("the change fails");
    const [after] = await db.select({ count: sql<number>`count(*)::int` }).from(webhookEvents);
    expect(after?.count).toBe(before?.count);
    // A committed change after it is delivered, and only it.
    const policy = await ok(await newPolicy());
    await receiver.waitFor((all) => all.length >= 1);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(receiver.received.map((request) => (request.json.target as { id: string }).id)).toEqual([policy.id]);
    expect((await deliveries(webhook.id)).length).toBe(1);
  });

  it("retry a failing receiver until it recovers, delivering each event exactly once by id", async () => {
    const { receiver, webhook } = await newReceiverWebhook(["policy.changed"]);
    receiver.answerWith(() => 500);
    for (let i = 0; i < 3; i++) await ok(await newPolicy());
    await receiver.waitFor((all) => new Set(all.map((request) => request.json.id)).size === 3 && all.length >= 6);
    const failing = await deliveries(webhook.id);
    expect(failing.every((item: { status: string }) => item.status === "pending")).toBe(true);
    expect(failing[0]).toMatchObject({
      response_code: 500,
      error: "answered 500: receiver is down for maintenance",
      next_attempt_at: expect.any(String),
    });
    receiver.answerWith(() => 200);
    const done = await waitForDeliveries(webhook.id, (items) => items.every((item) => item.status === "succeeded"));
    const succeeded = receiver.received.filter((request) => request.status === 200).map((request) => request.json.id);
    expect(succeeded.sort()).toEqual(done.map((item: { id: string }) => item.id).sort());
    expect(new Set(succeeded).size).toBe(3);
    expect(done.every((item: { attempts: number }) => item.attempts >= 2)).toBe(true);
    expect(done[0]).toMatchObject({ error: null, response_code: 200 });
  });

  it("redeliver with the same id, counting one more attempt", async () => {
    const { receiver, webhook } = await newReceiverWebhook(["objective.changed"]);
    await ok(await send("POST", "/api/v1/objectives", admin, { team_id: admin.teamId, title: "Redeliver me" }));
    const [first] = await waitForDeliveries(webhook.id, (items) => items[0]?.status === "succeeded");
    const queued = await send("POST", `/api/v1/webhooks/${webhook.id}/deliveries/${first.id}/redeliver`, admin);
    expect(queued.statusCode, queued.body).toBe(202);
    expect(queued.json()).toMatchObject({ id: first.id, status: "pending", attempts: 1 });
    await receiver.waitFor((all) => all.length >= 2);
    expect(receiver.received.map((request) => request.headers["x-spechub-delivery"])).toEqual([first.id, first.id]);
    const [again] = await waitForDeliveries(webhook.id, (items) => items[0]?.status === "succeeded");
    expect(again).toMatchObject({ id: first.id, attempts: 2 });
    expect(
      (await send("POST", `/api/v1/webhooks/${webhook.id}/deliveries/${webhook.id}/redeliver`, admin)).statusCode,
    ).toBe(404);
  });

  it("send a ping from the test route, and page the log newest first", async () => {
    const { receiver, webhook } = await newReceiverWebhook(["objective.changed"]);
    const ping = await send("POST", `/api/v1/webhooks/${webhook.id}/test`, admin);
    expect(ping.statusCode, ping.body).toBe(202);
    expect(ping.json()).toMatchObject({ event: "ping", status: "pending", attempts: 0, webhook_id: webhook.id });
    await receiver.waitFor((all) => all.length >= 1);
    expect(receiver.received[0]?.json).toMatchObject({ id: ping.json().id, type: "ping", data: {} });
    await ok(await send("POST", `/api/v1/webhooks/${webhook.id}/test`, admin));
    await waitForDeliveries(webhook.id, (items) => items.length === 2 && items.every((i) => i.status === "succeeded"));
    const page = await ok(await send("GET", `/api/v1/webhooks/${webhook.id}/deliveries?limit=1`, admin));
    expect(page.items).toHaveLength(1);
    expect(page.items[0].id).not.toBe(ping.json().id);
    const next = await ok(
      await send("GET", `/api/v1/webhooks/${webhook.id}/deliveries?limit=1&cursor=${page.next_cursor}`, admin),
    );
    expect(next.items.map((item: { id: string }) => item.id)).toEqual([ping.json().id]);
    expect(next.next_cursor).toBeNull();
    expect((await send("GET", `/api/v1/webhooks/${webhook.id}/deliveries?status=failed`, admin)).json().items).toEqual(
      [],
    );
    expect((await send("GET", `/api/v1/webhooks/${webhook.id}/deliveries?limit=0`, admin)).statusCode).toBe(422);
    expect((await send("GET", `/api/v1/webhooks/${webhook.id}/deliveries?cursor=nope`, admin)).statusCode).toBe(422);
  });

  it("stop retrying once the day is over, marking the delivery failed", async () => {
    const { receiver, webhook } = await newReceiverWebhook(["objective.changed"]);
    receiver.answerWith(() => 503);
    const ping = (await ok(await send("POST", `/api/v1/webhooks/${webhook.id}/test`, admin))) as { id: string };
    await receiver.waitFor((all) => all.length >= 1);
    // Time travel: the delivery was queued a day ago.
    await db
      .update(webhookDeliveries)
      .set({ retryUntil: sql`now() - interval '1 second'`, createdAt: sql`now() - interval '1 day'` })
      .where(eq(webhookDeliveries.id, ping.id));
    const [failed] = await waitForDeliveries(webhook.id, (items) => items[0]?.status === "failed");
    expect(failed).toMatchObject({ status: "failed", next_attempt_at: null, response_code: 503 });
    const count = receiver.received.length;
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(receiver.received.length).toBe(count);
  });

  it("check the connected address again at delivery, when private addresses are no longer allowed", async () => {
    const { receiver, webhook } = await newReceiverWebhook(["objective.changed"]);
    await ok(await send("PATCH", "/api/v1/settings", admin, { webhooks_allow_private: false }));
    try {
      await ok(await send("POST", `/api/v1/webhooks/${webhook.id}/test`, admin));
      const [refused] = await waitForDeliveries(
        webhook.id,
        (items) => (items[0]?.attempts as number) >= 1 && items[0]?.error !== null,
      );
      expect(refused?.error).toContain("private address (127.0.0.1)");
      expect(receiver.received).toHaveLength(0);
    } finally {
      await ok(await send("PATCH", "/api/v1/settings", admin, { webhooks_allow_private: true }));
    }
  });

  it("leave a delivery another replica has claimed alone until its lease lapses (a crashed sender)", async () => {
    const { receiver, webhook } = await newReceiverWebhook(["objective.changed"], { active: false });
    const ping = (await ok(await send("POST", `/api/v1/webhooks/${webhook.id}/test`, admin))) as { id: string };
    // As a replica leaves it when it dies mid-send: the attempt counted, the lease still running.
    await db
      .update(webhookDeliveries)
      .set({ attempts: 1, lastAttemptAt: sql`now()`, lockedUntil: sql`now() + interval '1 hour'` })
      .where(eq(webhookDeliveries.id, ping.id));
    await ok(await send("PATCH", `/api/v1/webhooks/${webhook.id}`, admin, { active: true }));
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(receiver.received).toHaveLength(0);
    await db
      .update(webhookDeliveries)
      .set({ lockedUntil: sql`now() - interval '1 second'` })
      .where(eq(webhookDeliveries.id, ping.id));
    await receiver.waitFor((all) => all.length >= 1);
    const [delivered] = await waitForDeliveries(webhook.id, (items) => items[0]?.status === "succeeded");
    expect(delivered).toMatchObject({ id: ping.id, attempts: 2 });
  });

  it("follow no redirect: a 3xx answer is a failed attempt", async () => {
    const { receiver, webhook } = await newReceiverWebhook(["objective.changed"]);
    receiver.answerWith(() => 307);
    await ok(await send("POST", `/api/v1/webhooks/${webhook.id}/test`, admin));
    const [redirected] = await waitForDeliveries(webhook.id, (items) => items[0]?.error != null);
    expect(redirected).toMatchObject({ status: "pending", response_code: 307 });
    expect(redirected.error).toContain("redirects are not followed");
  });

  it("send nothing to inactive webhooks", async () => {
    const { receiver, webhook } = await newReceiverWebhook(["policy.changed"], { active: false });
    await ok(await newPolicy());
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(receiver.received).toHaveLength(0);
    expect(await deliveries(webhook.id)).toEqual([]);
  });
});

describe("retry delays", () => {
  it("double from the base up to an hour", () => {
    expect([1, 2, 3, 4].map((attempt) => retryDelayMs(10_000, attempt))).toEqual([10_000, 20_000, 40_000, 80_000]);
    expect(retryDelayMs(10_000, 40)).toBe(60 * 60 * 1000);
  });
});
