import { like } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { promptUsage } from "../../db/schema.js";
import {
  createGovernanceOrg,
  createPromptThroughApi,
  type GovernanceOrg,
  sender,
  unique,
} from "../../test/factories.js";
import { createTestContext, type TestContext } from "../../test/harness.js";

let t: TestContext;
let org: GovernanceOrg;
let baseUrl: string;
const mark = unique("skc").toLowerCase();

beforeAll(async () => {
  t = await createTestContext();
  org = await createGovernanceOrg(t.app, t.database.db);
  await createPromptThroughApi(t.app, org.admin, `${mark}-plan`, { user_template: "Plan the work." }, "org");
  await t.app.listen({ port: 0, host: "127.0.0.1" });
  const address = t.app.server.address();
  if (!address || typeof address === "string") throw new Error("not listening");
  baseUrl = `http://127.0.0.1:${address.port}`;
});
afterAll(async () => t?.close());

type Event = { event: string; id: string };

/** Opens the stream as `token`; `next()` resolves with each event as it arrives. */
async function openStream(token: string) {
  const controller = new AbortController();
  const response = await fetch(`${baseUrl}/api/v1/skills/changes`, {
    headers: { authorization: `Bearer ${token}`, accept: "text/event-stream" },
    signal: controller.signal,
  });
  expect(response.status).toBe(200);
  expect(response.headers.get("content-type")).toContain("text/event-stream");
  const reader = (response.body as ReadableStream<Uint8Array>).getReader();
  const decoder = new TextDecoder();
  let buffer = "";
  const next = async (): Promise<Event> => {
    for (;;) {
      const end = buffer.indexOf("\n\n");
      if (end >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const event = /^event: (.+)$/m.exec(block)?.[1];
        const id = /^id: (.+)$/m.exec(block)?.[1];
        if (event && id) return { event, id };
        continue;
      }
      const { done, value } = await reader.read();
      if (done) throw new Error("stream ended");
      buffer += decoder.decode(value, { stream: true });
    }
  };
  return { next, close: () => controller.abort() };
}

describe("GET /api/v1/skills/changes", () => {
  it("says ready, then tells the caller when a change alters their skills", async () => {
    const stream = await openStream(org.member.token);
    try {
      const ready = await stream.next();
      expect(ready.event).toBe("ready");
      const policy = await sender(t.app)("POST", "/api/v1/policies", org.owner, {
        team_id: org.subTeamId,
        name: `${mark}-rule`,
        enforcement_type: "append",
        content: "Keep it short.",
      });
      expect(policy.statusCode, policy.body).toBe(201);
      const changed = await stream.next();
      expect(changed.event).toBe("skills_changed");
      expect(changed.id).not.toBe(ready.id);
    } finally {
      stream.close();
    }
  });

  it("holds at most five streams per user, and frees a place when one closes", async () => {
    const streams = [];
    for (let i = 0; i < 5; i++) {
      const stream = await openStream(org.colleague.token);
      await stream.next();
      streams.push(stream);
    }
    const headers = { authorization: `Bearer ${org.colleague.token}` };
    const refused = await fetch(`${baseUrl}/api/v1/skills/changes`, { headers });
    expect(refused.status).toBe(429);
    expect(((await refused.json()) as { code: string }).code).toBe("too_many_streams");
    streams.pop()?.close();
    for (let attempt = 0; ; attempt++) {
      const again = await fetch(`${baseUrl}/api/v1/skills/changes`, { headers });
      await again.body?.cancel();
      if (again.status === 200) break;
      if (attempt > 50) throw new Error(`still ${again.status}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    for (const stream of streams) stream.close();
  });

  it("needs a signed-in caller", async () => {
    const response = await fetch(`${baseUrl}/api/v1/skills/changes`);
    expect(response.status).toBe(401);
  });
});

describe("building skills", () => {
  it("is not recorded as an expansion", async () => {
    const response = await sender(t.app)("GET", "/api/v1/skills", org.member);
    expect(response.statusCode).toBe(200);
    expect(response.json().items.map((item: { name: string }) => item.name)).toContain(`${mark}-plan`);
    await t.app.usage.flush();
    const rows = await t.database.db
      .select()
      .from(promptUsage)
      .where(like(promptUsage.promptName, `${mark}%`));
    expect(rows).toEqual([]);
  });
});
