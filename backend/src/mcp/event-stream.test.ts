import type { AddressInfo } from "node:net";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../http/app.js";
import { connectWatching, openEventStream, type SentEvent, toldIn } from "../test/event-streams.js";
import { createUserSession, registerAdmin, type Session, unique } from "../test/factories.js";
import { createTestContext, type TestContext } from "../test/harness.js";
import { acceptsEventStream, eventStreamsOn, RETRY_MS } from "./event-stream.js";
import { toldBefore } from "./list-changes.js";

let t: TestContext;
let baseUrl: string;
let admin: Session;
let alice: Session;
let bob: Session;
let aliceKey: string;
let bobKey: string;

type Method = "POST" | "PATCH" | "DELETE";

async function api(session: Session, method: Method, url: string, payload?: object) {
  const response = await t.app.inject({ method, url: `/api/v1${url}`, headers: session.auth, payload });
  if (response.statusCode >= 300) throw new Error(`${method} ${url}: ${response.statusCode} ${response.body}`);
  return response.statusCode === 204 ? null : response.json();
}

const createKey = async (session: Session) =>
  (await api(session, "POST", "/api-keys", { name: unique("key"), scopes: ["read", "expand"] })).raw_key as string;

const newPrompt = (session: Session, visibility: string, name = unique("prompt")) =>
  api(session, "POST", "/prompts", {
    name,
    visibility,
    version: { version: "1", user_template: "Hi {{ input }}" },
  }).then(() => name);

const bearer = (key: string) => ({ authorization: `Bearer ${key}` });
const hub = () => {
  const found = eventStreamsOn(t.app.server);
  if (!found) throw new Error("the app serves no event streams");
  return found;
};
/** Every change made so far has reached the app and been looked at by its event streams. */
const changesLookedAt = async () => {
  await t.changesSeen();
  await hub().settled();
};
/** The caller's fingerprint now, as the priming event of a new stream records it. */
async function currentEventId(key: string): Promise<string> {
  const stream = await openEventStream(`${baseUrl}/mcp`, bearer(key));
  const [priming] = (await stream.events?.until((events) => events.length > 0)) ?? [];
  stream.close();
  if (!priming?.id) throw new Error("no priming event");
  return priming.id;
}
const promptNames = async (watcher: Awaited<ReturnType<typeof connectWatching>>) =>
  (await watcher.client.listPrompts()).prompts.map((prompt) => prompt.name);
/** Events that carry a message: not the priming event. */
const withData = (events: SentEvent[]) => events.filter((event) => Boolean(event.data));

beforeAll(async () => {
  t = await createTestContext();
  await t.app.listen({ port: 0, host: "127.0.0.1" });
  baseUrl = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
  admin = await registerAdmin(t.app);
  alice = await createUserSession(t.app, t.database.db, { teamId: admin.teamId });
  bob = await createUserSession(t.app, t.database.db, { teamId: admin.teamId });
  aliceKey = await createKey(alice);
  bobKey = await createKey(bob);
});

afterAll(async () => {
  await t?.close();
});

describe("live prompt lists over the MCP event stream", () => {
  it("advertises list changes and tells the SDK client of prompts created, shared and deleted", async () => {
    const watcher = await connectWatching(`${baseUrl}/mcp`, aliceKey);
    expect(watcher.client.getServerCapabilities()).toMatchObject({
      prompts: { listChanged: true },
      tools: { listChanged: true },
    });
    const [priming] = watcher.stream.values;
    expect(priming).toMatchObject({ retry: RETRY_MS, data: "" });
    expect(priming?.id).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);

    const created = await newPrompt(admin, "org");
    await watcher.untilNotified("prompts", 1);
    expect(await promptNames(watcher)).toContain(created);

    const shared = await newPrompt(bob, "private");
    await api(bob, "POST", `/prompts/${shared}/shares`, { user_id: alice.userId });
    await watcher.untilNotified("prompts", 2);
    expect(await promptNames(watcher)).toContain(shared);

    await api(admin, "DELETE", `/prompts/${created}`);
    await watcher.untilNotified("prompts", 3);
    expect(await promptNames(watcher)).not.toContain(created);
    // The listing tools answer from the same lists: every change is a tools change too.
    await watcher.untilNotified("tools", 3);
    await watcher.client.close();
  });

  it("says nothing of a change the caller cannot see", async () => {
    const aliceWatcher = await connectWatching(`${baseUrl}/mcp`, aliceKey);
    const bobWatcher = await connectWatching(`${baseUrl}/mcp`, bobKey);

    await newPrompt(bob, "private");
    await bobWatcher.untilNotified("prompts", 1);
    await changesLookedAt();

    const visible = await newPrompt(admin, "org");
    await changesLookedAt();
    const now = toldIn(await currentEventId(aliceKey));
    // Everything sent before the event that brings Alice up to date has arrived with it.
    await aliceWatcher.stream.until((events) => events.some((event) => toldIn(event.id).prompts === now.prompts));
    const told = withData(aliceWatcher.stream.values).filter((event) => toldIn(event.id).prompts === now.prompts);
    expect(withData(aliceWatcher.stream.values)).toEqual(told);
    expect(aliceWatcher.stream.methods()).toEqual([
      "notifications/prompts/list_changed",
      "notifications/tools/list_changed",
    ]);
    await aliceWatcher.untilNotified("tools", 1);
    expect(aliceWatcher.notified.values).toEqual(["prompts", "tools"]);
    expect(await promptNames(aliceWatcher)).toContain(visible);
    await Promise.all([aliceWatcher.client.close(), bobWatcher.client.close()]);
  });

  it("tells of a workflow the caller can see with a tools change alone", async () => {
    const watcher = await connectWatching(`${baseUrl}/mcp`, aliceKey);
    await api(admin, "POST", "/workflows", { name: unique("flow"), visibility: "org", steps: [] });
    await watcher.untilNotified("tools", 1);
    await changesLookedAt();
    expect(watcher.notified.values).toEqual(["tools"]);
    await watcher.client.close();
  });

  it("tells a client resuming with a stale event id what it missed, at once", async () => {
    const stale = await currentEventId(aliceKey);
    await newPrompt(admin, "public");
    await changesLookedAt();
    const now = toldIn(await currentEventId(aliceKey));

    const resumed = await openEventStream(`${baseUrl}/mcp`, { ...bearer(aliceKey), "last-event-id": stale });
    const events = (await resumed.events?.until((seen) => seen.length >= 3)) ?? [];
    expect(toldIn(events[0]?.id)).toEqual(toldIn(stale));
    expect(resumed.events?.methods()).toEqual([
      "notifications/prompts/list_changed",
      "notifications/tools/list_changed",
    ]);
    // Each id says what the client knows once it has that event.
    expect(toldIn(events[1]?.id)).toEqual({ prompts: now.prompts, tools: toldIn(stale).tools });
    expect(toldIn(events[2]?.id)).toEqual(now);
    resumed.close();
  });

  it("tells a client resuming with a current event id nothing until something changes", async () => {
    const current = await currentEventId(aliceKey);
    const resumed = await openEventStream(`${baseUrl}/mcp`, { ...bearer(aliceKey), "last-event-id": current });
    await resumed.events?.until((events) => events.length > 0);
    await newPrompt(admin, "org");
    const events = (await resumed.events?.until((seen) => withData(seen).length > 0)) ?? [];
    const [first] = withData(events);
    expect(toldIn(first?.id).prompts).not.toBe(toldIn(current).prompts);
    expect(first?.data).toBe(JSON.stringify({ jsonrpc: "2.0", method: "notifications/prompts/list_changed" }));
    resumed.close();
  });

  it("tells a client resuming with an id it did not get from us everything", async () => {
    const resumed = await openEventStream(`${baseUrl}/mcp`, { ...bearer(aliceKey), "last-event-id": "42" });
    await resumed.events?.until((events) => events.length >= 3);
    expect(resumed.events?.methods()).toEqual([
      "notifications/prompts/list_changed",
      "notifications/tools/list_changed",
    ]);
    resumed.close();
  });

  it("serves a stream without a session, and on /mcp/ as well", async () => {
    for (const path of ["/mcp", "/mcp/"]) {
      const stream = await openEventStream(`${baseUrl}${path}`, bearer(bobKey));
      expect(stream.response.status).toBe(200);
      expect(stream.response.headers.get("content-type")).toBe("text/event-stream");
      // Older protocol versions: the priming event has no data for their clients to trip on.
      const [priming] = (await stream.events?.until((events) => events.length > 0)) ?? [];
      expect(priming).toEqual({ id: expect.any(String), retry: RETRY_MS });
      stream.close();
    }
  });

  it("refuses a client that does not accept an event stream (406)", async () => {
    for (const accept of [undefined, "application/json", "text/event-stream;q=0"]) {
      const response = await fetch(`${baseUrl}/mcp`, {
        headers: { ...bearer(aliceKey), ...(accept ? { accept } : {}) },
      });
      expect(response.status).toBe(406);
      expect(await response.json()).toEqual({
        jsonrpc: "2.0",
        error: { code: -32000, message: "Not Acceptable: the client must accept text/event-stream" },
        id: null,
      });
    }
  });

  it("opens a stream in the caller's own session only, and ends it with the session", async () => {
    const watcher = await connectWatching(`${baseUrl}/mcp`, aliceKey);
    const sessionId = watcher.transport.sessionId ?? "";
    expect(sessionId).not.toBe("");
    const stolen = await openEventStream(`${baseUrl}/mcp`, { ...bearer(bobKey), "mcp-session-id": sessionId });
    expect(stolen.response.status).toBe(404);
    expect(((await stolen.response.json()) as { error: { message: string } }).error.message).toBe("Session not found");

    const own = await openEventStream(`${baseUrl}/mcp`, { ...bearer(aliceKey), "mcp-session-id": sessionId });
    expect(own.response.status).toBe(200);
    await own.events?.until((events) => events.length > 0);
    await watcher.transport.terminateSession();
    await own.events?.until(() => own.events?.ended === true);
    await watcher.client.close();
  });

  it("bounds the streams a caller may hold open (429), and forgets the ones they close", async () => {
    const carolKey = await createKey(await createUserSession(t.app, t.database.db, { teamId: admin.teamId }));
    const before = hub().size();
    const streams = [];
    for (let i = 0; i < 10; i++) {
      const stream = await openEventStream(`${baseUrl}/mcp`, bearer(carolKey));
      expect(stream.response.status).toBe(200);
      streams.push(stream);
    }
    const refused = await openEventStream(`${baseUrl}/mcp`, bearer(carolKey));
    expect(refused.response.status).toBe(429);
    expect(((await refused.response.json()) as { error: { message: string } }).error.message).toMatch(
      /at most 10 per caller/,
    );
    const others = await openEventStream(`${baseUrl}/mcp`, bearer(bobKey));
    expect(others.response.status).toBe(200);

    for (const stream of [...streams, others]) stream.close();
    await expect.poll(() => hub().size(), { timeout: 5_000 }).toBe(before);
    const again = await openEventStream(`${baseUrl}/mcp`, bearer(carolKey));
    expect(again.response.status).toBe(200);
    again.close();
  });

  it("ends every stream when the app closes, which then closes at once", async () => {
    const other: FastifyInstance = await buildApp({ config: t.config, database: t.database, logger: false });
    await other.listen({ port: 0, host: "127.0.0.1" });
    const url = `http://127.0.0.1:${(other.server.address() as AddressInfo).port}/mcp`;
    const watcher = await connectWatching(url, aliceKey);
    const raw = await openEventStream(url, bearer(bobKey));
    await raw.events?.until((events) => events.length > 0);

    await other.close();
    await watcher.stream.until(() => watcher.stream.ended);
    await raw.events?.until(() => raw.events?.ended === true);
    expect(eventStreamsOn(other.server)?.size()).toBe(0);
    await watcher.client.close();
  });
});

describe("content negotiation and event ids", () => {
  it("reads Accept headers as content negotiation does", () => {
    expect(acceptsEventStream("text/event-stream")).toBe(true);
    expect(acceptsEventStream("application/json, text/event-stream")).toBe(true);
    expect(acceptsEventStream("Text/Event-Stream; charset=utf-8")).toBe(true);
    expect(acceptsEventStream("text/event-stream;q=0.0")).toBe(false);
    expect(acceptsEventStream("*/*")).toBe(false);
    expect(acceptsEventStream(undefined)).toBe(false);
  });

  it("reads what an event id says the client was told, and nothing from a foreign id", () => {
    expect(toldBefore("abc.def.nonce")).toEqual({ prompts: "abc", tools: "def" });
    for (const foreign of ["42", "a.b", "a.b.c.d", "a b.c.d", ""]) {
      expect(toldBefore(foreign)).toEqual({ prompts: "unknown", tools: "unknown" });
    }
  });
});
