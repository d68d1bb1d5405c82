import { rm } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADMIN_REGISTRATION } from "../../test/factories.js";
import { createTestContext, type TestContext } from "../../test/harness.js";
import {
  type ServerProcess,
  seededPgliteFolder,
  startServerProcess,
  stopServerProcess,
} from "../../test/server-process.js";
import { type Receiver, startReceiver } from "../../test/webhook-receiver.js";

/** Real backend processes deliver here: a short poll and retry base keep the test quick. */
const FAST = { WEBHOOKS_POLL_INTERVAL_MS: "100", WEBHOOKS_RETRY_BASE_MS: "200" };

/** An API client for a server process, signed in as `token`. */
function client(baseUrl: () => string, token = "") {
  return async (method: string, url: string, body?: object) => {
    const response = await fetch(`${baseUrl()}/api/v1${url}`, {
      method,
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(body ? { "content-type": "application/json" } : {}),
      },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    const text = await response.text();
    if (response.status >= 300) throw new Error(`${method} ${url} answered ${response.status}: ${text}`);
    return text ? JSON.parse(text) : null;
  };
}

/** Answers 500 to the first attempt of each delivery and 200 after: every delivery needs a retry. */
function failFirstAttempt(receiver: Receiver) {
  const seen = new Set<string>();
  receiver.answerWith((request) => {
    if (seen.has(request.json.id)) return 200;
    seen.add(request.json.id);
    return 500;
  });
}

/** Each id answered 200 exactly once, and `count` of them. */
function expectEachOnce(receiver: Receiver, count: number) {
  const succeeded = receiver.received.filter((request) => request.status === 200).map((request) => request.json.id);
  expect(succeeded).toHaveLength(count);
  expect(new Set(succeeded).size).toBe(count);
}

const succeededCount = (receiver: Receiver) => receiver.received.filter((request) => request.status === 200).length;

describe.skipIf(process.env.TEST_DB !== "postgres")(
  "webhooks delivered by two backend processes on one database",
  () => {
    let t: TestContext;
    let replicas: ServerProcess[] = [];
    let receiver: Receiver;
    let token: string;
    let teamId: string;

    beforeAll(async () => {
      // The in-process app only writes: its own dispatcher waits ten minutes, so the processes deliver.
      t = await createTestContext({ WEBHOOKS_POLL_INTERVAL_MS: "600000" });
      if (!t.databaseUrl) throw new Error("the PostgreSQL harness exposes no database URL");
      const registered = await t.app.inject({
        method: "POST",
        url: "/api/v1/auth/register",
        payload: ADMIN_REGISTRATION,
      });
      token = registered.json().token;
      teamId = registered.json().user.team_id;
      receiver = await startReceiver();
      failFirstAttempt(receiver);
      const local = (method: string, url: string, body?: object) =>
        t.app
          .inject({
            method: method as "POST",
            url: `/api/v1${url}`,
            headers: { authorization: `Bearer ${token}` },
            payload: body,
          })
          .then((response) => response.json());
      await local("PATCH", "/settings", { webhooks_allow_private: true });
      await local("POST", "/webhooks", { url: receiver.url, events: ["policy.changed"] });
      replicas = await Promise.all([startServerProcess(t.databaseUrl, FAST), startServerProcess(t.databaseUrl, FAST)]);
    }, 120_000);

    afterAll(async () => {
      await Promise.all(replicas.map(stopServerProcess));
      await receiver?.close();
      await t?.close();
    });

    const newPolicies = async (count: number) => {
      for (let i = 0; i < count; i++) {
        const response = await t.app.inject({
          method: "POST",
          url: "/api/v1/policies",
          headers: { authorization: `Bearer ${token}` },
          payload: { team_id: teamId, name: `replicated-${Date.now()}-${i}`, enforcement_type: "append", content: "x" },
        });
        expect(response.statusCode, response.body).toBe(201);
      }
    };

    it("deliver each event exactly once, retries included", async () => {
      await newPolicies(20);
      await receiver.waitFor(() => succeededCount(receiver) >= 20, 30_000);
      // Long enough for a second replica's duplicate to show up, if there were one.
      await new Promise((resolve) => setTimeout(resolve, 1000));
      expectEachOnce(receiver, 20);
      expect(receiver.received.length).toBe(40);
    });

    it("deliver what was queued while every process was down, once one starts again", async () => {
      await Promise.all(replicas.map(stopServerProcess));
      const before = succeededCount(receiver);
      await newPolicies(5);
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(succeededCount(receiver)).toBe(before);
      if (!t.databaseUrl) throw new Error("no database URL");
      replicas = [await startServerProcess(t.databaseUrl, FAST)];
      await receiver.waitFor(() => succeededCount(receiver) >= before + 5, 30_000);
      await new Promise((resolve) => setTimeout(resolve, 500));
      expectEachOnce(receiver, before + 5);
    });
  },
);

describe.skipIf(process.env.TEST_DB === "postgres")("webhooks across a restart of a backend on embedded PGlite", () => {
  let dir: string;
  let server: ServerProcess | undefined;
  let receiver: Receiver;

  beforeAll(async () => {
    dir = seededPgliteFolder("spechub-webhooks-");
    receiver = await startReceiver();
  });
  afterAll(async () => {
    await stopServerProcess(server);
    await receiver?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it("keep failed deliveries pending over a restart and deliver each once when the receiver recovers", async () => {
    const env = { ...FAST, PGLITE_DIR: dir };
    server = await startServerProcess(null, env);
    const base = () => server?.url ?? "";
    const registered = await client(base)("POST", "/auth/register", ADMIN_REGISTRATION);
    const api = client(base, registered.token);
    await api("PATCH", "/settings", { webhooks_allow_private: true });
    const webhook = await api("POST", "/webhooks", { url: receiver.url, events: ["objective.changed"] });
    receiver.answerWith(() => 500);
    for (const title of ["One", "Two", "Three"]) {
      await api("POST", "/objectives", { team_id: registered.user.team_id, title });
    }
    await receiver.waitFor((all) => new Set(all.map((request) => request.json.id)).size === 3);
    await stopServerProcess(server);

    receiver.answerWith(() => 200);
    server = await startServerProcess(null, env);
    await receiver.waitFor(() => succeededCount(receiver) >= 3, 30_000);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expectEachOnce(receiver, 3);
    const log = await api("GET", `/webhooks/${webhook.id}/deliveries`);
    expect(log.items.map((item: { status: string }) => item.status)).toEqual(["succeeded", "succeeded", "succeeded"]);
  }, 120_000);
});
