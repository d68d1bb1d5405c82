import { once } from "node:events";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connectWatching, openEventStream, toldIn } from "../test/event-streams.js";
import { registerAdmin, type Session, unique } from "../test/factories.js";
import { createTestContext, type TestContext } from "../test/harness.js";
import { type ServerProcess, startServerProcess, stopServerProcess } from "../test/server-process.js";

describe.skipIf(process.env.TEST_DB !== "postgres")("event streams across backend processes", () => {
  let t: TestContext;
  let a: ServerProcess;
  let b: ServerProcess;
  let admin: Session;
  let key: string;

  /** A prompt every signed-in user sees, created through one process's REST API. */
  async function createPromptOn(server: ServerProcess): Promise<string> {
    const name = unique("shared");
    const response = await fetch(`${server.url}/api/v1/prompts`, {
      method: "POST",
      headers: { ...admin.auth, "content-type": "application/json" },
      body: JSON.stringify({ name, visibility: "org", version: { version: "1", user_template: "Hi" } }),
    });
    expect(response.status).toBe(201);
    return name;
  }

  const bearer = () => ({ authorization: `Bearer ${key}` });

  beforeAll(async () => {
    t = await createTestContext();
    admin = await registerAdmin(t.app);
    const created = await t.app.inject({
      method: "POST",
      url: "/api/v1/api-keys",
      headers: admin.auth,
      payload: { name: "streams", scopes: ["read"] },
    });
    key = created.json().raw_key;
    if (!t.databaseUrl) throw new Error("the PostgreSQL harness exposes no database URL");
    [a, b] = await Promise.all([startServerProcess(t.databaseUrl), startServerProcess(t.databaseUrl)]);
  }, 120_000);

  afterAll(async () => {
    await Promise.all([stopServerProcess(a), stopServerProcess(b)]);
    await t?.close();
  });

  it("tells a client listening on one process of a change made through the other", async () => {
    const watcher = await connectWatching(`${a.url}/mcp`, key);
    const name = await createPromptOn(b);
    await watcher.untilNotified("prompts", 1);
    expect((await watcher.client.listPrompts()).prompts.map((prompt) => prompt.name)).toContain(name);
    await watcher.client.close();
  });

  it("resumes on either process from an event id the other sent", async () => {
    const first = await openEventStream(`${a.url}/mcp`, bearer());
    const [priming] = (await first.events?.until((events) => events.length > 0)) ?? [];
    const stale = priming?.id ?? "";
    first.close();
    await createPromptOn(a);

    // Stale: what it missed, at once.
    const missed = await openEventStream(`${b.url}/mcp`, { ...bearer(), "last-event-id": stale });
    const events = (await missed.events?.until((seen) => seen.length >= 3)) ?? [];
    expect(missed.events?.methods()).toEqual([
      "notifications/prompts/list_changed",
      "notifications/tools/list_changed",
    ]);
    const current = events[2]?.id ?? "";
    missed.close();

    // Current: nothing until the next change, made on the other process.
    const resumed = await openEventStream(`${b.url}/mcp`, { ...bearer(), "last-event-id": current });
    await resumed.events?.until((seen) => seen.length > 0);
    await createPromptOn(a);
    const later = (await resumed.events?.until((seen) => seen.some((event) => Boolean(event.data)))) ?? [];
    const [firstMessage] = later.filter((event) => Boolean(event.data));
    expect(toldIn(firstMessage?.id).prompts).not.toBe(toldIn(current).prompts);
    resumed.close();
  });

  it("ends its streams when a process shuts down, and the process exits", async () => {
    const watcher = await connectWatching(`${a.url}/mcp`, key);
    const raw = await openEventStream(`${a.url}/mcp`, bearer());
    await raw.events?.until((events) => events.length > 0);
    const exited = once(a.process, "exit");
    a.process.kill("SIGTERM");
    await watcher.stream.until(() => watcher.stream.ended);
    await raw.events?.until(() => raw.events?.ended === true);
    const [code] = await exited;
    expect(code).toBe(0);
    await watcher.client.close();
  });
});
