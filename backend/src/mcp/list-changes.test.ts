import type { JSONRPCNotification } from "@modelcontextprotocol/sdk/types.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AppError } from "../http/errors.js";
import { createTestContext, type TestContext } from "../test/harness.js";
import { createListChangeHub, type ListChangeHubOptions, type ListStream } from "./list-changes.js";

let t: TestContext;

beforeAll(async () => {
  t = await createTestContext();
});
afterAll(async () => {
  await t?.close();
});

/** A stream that records what it is sent, for an anonymous caller who was told `told`. */
function fakeStream(told = { prompts: "stale", tools: "stale" }) {
  let close: () => void = () => {};
  const closed = new Promise<void>((resolve) => {
    close = resolve;
  });
  const stream = {
    viewKey: "public",
    principal: null,
    sessionId: null,
    openedAt: Date.now(),
    told,
    sent: [] as string[],
    keepAlives: 0,
    ended: false,
    send(message: JSONRPCNotification) {
      stream.sent.push(message.method);
    },
    keepAlive() {
      stream.keepAlives++;
    },
    end() {
      stream.ended = true;
      close();
    },
    closed,
    destroy() {
      close();
    },
  } satisfies ListStream & Record<string, unknown>;
  return stream;
}

const hubWith = (options: Partial<ListChangeHubOptions> = {}) =>
  createListChangeHub({ db: t.database.db, changes: t.database.changes, log: t.app.log, ...options });

const statusOf = (attempt: () => unknown) => {
  try {
    attempt();
    return null;
  } catch (error) {
    return error instanceof AppError ? error.statusCode : error;
  }
};

describe("list change hub", () => {
  it("looks at a burst of changes together and tells each stream once", async () => {
    const hub = hubWith({ debounceMs: 50 });
    const stream = fakeStream();
    hub.add(stream, hub.changeCount());
    for (let i = 0; i < 5; i++) t.database.changes.touch("data");
    await hub.settled();
    expect(stream.sent).toEqual(["notifications/prompts/list_changed", "notifications/tools/list_changed"]);
    // Told now: a further change to nothing it can see says nothing more.
    t.database.changes.touch("data");
    await hub.settled();
    expect(stream.sent).toHaveLength(2);
    await hub.close();
    expect(stream.ended).toBe(true);
  });

  it("looks again when a change came while a stream was reading its first fingerprint", async () => {
    const hub = hubWith({ debounceMs: 10 });
    const seen = hub.changeCount();
    t.database.changes.touch("data");
    const stream = fakeStream();
    hub.add(stream, seen);
    await hub.settled();
    expect(stream.sent).toHaveLength(2);
    await hub.close();
  });

  it("keeps idle streams alive and ends those that have lived their time", async () => {
    const hub = hubWith({ keepAliveMs: 10, maxLifetimeMs: 60_000 });
    const stream = fakeStream();
    hub.add(stream, hub.changeCount());
    await expect.poll(() => stream.keepAlives, { timeout: 5_000 }).toBeGreaterThan(0);
    expect(stream.ended).toBe(false);
    stream.openedAt = Date.now() - 60_000;
    await stream.closed;
    expect(stream.ended).toBe(true);
    await hub.close();
  });

  it("counts streams against the caller's limit (429) and the process's (503), until given back", async () => {
    const hub = hubWith({ maxStreamsPerCaller: 2, maxStreams: 3 });
    const first = hub.reserve("user:a");
    hub.reserve("user:a");
    expect(statusOf(() => hub.reserve("user:a"))).toBe(429);
    hub.reserve("user:b");
    expect(statusOf(() => hub.reserve("user:c"))).toBe(503);
    first();
    first();
    expect(statusOf(() => hub.reserve("user:a"))).toBeNull();
    await hub.close();
    expect(statusOf(() => hub.reserve("user:d"))).toBe(503);
  });
});
