import type { AddressInfo } from "node:net";
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { eq, sql } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { workflows } from "../db/schema.js";
import { createUserSession, registerAdmin, type Session, sender } from "../test/factories.js";
import { createTestContext, type TestContext } from "../test/harness.js";
import { callText, connectWithContext, readPage, walkPages } from "../test/mcp-client.js";

let t: TestContext;
let send: ReturnType<typeof sender>;
let baseUrl: string;
let admin: Session;
let dave: Session;
/** Every workflow Dave may see, newest update first. */
let visible: string[];
/** Every workflow, in the same order: what an admin sees. */
let everything: string[];
const clients: Client[] = [];

const DAVE_OWN = 30;
const START = Date.parse("2024-05-01T10:00:00.000Z");

/**
 * The update time of the workflow created `index`-th, as text with microseconds: pairs share a
 * millisecond and differ by one microsecond, and the first six share the same microsecond, so
 * the order (and a cursor) needs the database's full precision and the id to break ties.
 */
function updatedAtOf(index: number): { text: string; micros: number } {
  const step = Math.max(0, index - 5);
  const ms = START + Math.floor(step / 2);
  const micros = step % 2;
  return {
    text: `${new Date(ms).toISOString().slice(0, 23)}${String(micros).padStart(3, "0")}Z`,
    micros: ms * 1000 + micros,
  };
}

type Created = { name: string; id: string; micros: number };
const created: Created[] = [];

async function workflow(session: Session, name: string, visibility = "private"): Promise<Created> {
  const response = await send("POST", "/api/v1/workflows", session, {
    name,
    visibility,
    steps: [{ id: "only", prompt_name: "wf-step" }],
  });
  if (response.statusCode !== 201) throw new Error(`creating ${name}: ${response.statusCode} ${response.body}`);
  const id: string = response.json().id;
  const updatedAt = updatedAtOf(created.length);
  await t.database.db
    .update(workflows)
    .set({ updatedAt: sql`${updatedAt.text}::timestamptz` })
    .where(eq(workflows.id, id));
  const row = { name, id, micros: updatedAt.micros };
  created.push(row);
  return row;
}

/** Newest update first, then the larger id: the order the listing promises. */
const newestFirst = (rows: Created[]) =>
  [...rows].sort((a, b) => b.micros - a.micros || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0)).map((row) => row.name);

beforeAll(async () => {
  t = await createTestContext();
  send = sender(t.app);
  admin = await registerAdmin(t.app);
  dave = await createUserSession(t.app, t.database.db, { teamId: admin.teamId });
  const erin = await createUserSession(t.app, t.database.db, { teamId: admin.teamId });
  for (const name of ["wf-step", "wf-other"]) {
    const response = await send("POST", "/api/v1/prompts", admin, {
      name,
      visibility: "org",
      version: { version: "1", user_template: "{{ input }}" },
    });
    if (response.statusCode !== 201) throw new Error(`creating ${name}: ${response.body}`);
  }

  // Interleaved, so hidden workflows sit between visible ones in the order.
  const seen: Created[] = [];
  for (let i = 0; i < DAVE_OWN; i++) {
    seen.push(await workflow(dave, `dave-${String(i).padStart(2, "0")}`));
    if (i % 10 === 0) await workflow(erin, `erin-private-${i}`);
  }
  seen.push(await workflow(erin, "erin-org-a", "org"), await workflow(erin, "erin-org-b", "org"));
  const shared = await workflow(erin, "erin-shared");
  await send("POST", `/api/v1/workflows/${shared.id}/shares`, erin, { user_id: dave.userId });
  seen.push(shared, await workflow(erin, "erin-public", "public"));
  await workflow(admin, "admin-private");
  visible = newestFirst(seen);
  everything = newestFirst(created);

  await t.app.listen({ port: 0, host: "127.0.0.1" });
  baseUrl = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
});
afterEach(async () => {
  for (const client of clients.splice(0)) await client.close();
});
afterAll(async () => t?.close());

async function connect(session = dave): Promise<Client> {
  const client = await connectWithContext(baseUrl, session.token, "mcp-workflow-paging-test");
  clients.push(client);
  return client;
}

const cursorOf = (payload: object) => Buffer.from(JSON.stringify(payload)).toString("base64url");

describe("sh-workflow-list paging", () => {
  it("shows 25 by default, newest update first, and says how many more and how to get them", async () => {
    const client = await connect();
    const { text } = await callText(client, "sh-workflow-list", {});
    const first = readPage(text);
    expect(text.split("\n")[0]).toBe("Available workflows:");
    expect(text.split("\n")[1]).toBe(`  - ${visible[0]} (1 step)`);
    expect(first.items).toEqual(visible.slice(0, 25));
    expect(text.split("\n").at(-1)).toBe(
      `… ${visible.length - 25} more: call sh-workflow-list again with cursor "${first.more?.cursor}"`,
    );

    const whole = readPage((await callText(client, "sh-workflow-list", { limit: 100 })).text);
    expect(whole).toEqual({ items: visible, more: null });
  });

  it("reaches every workflow the member may see exactly once through the cursors", async () => {
    const client = await connect();
    const pages = await walkPages(client, "sh-workflow-list", { limit: 7 });
    expect(pages.flatMap((page) => page.items)).toEqual(visible);
    expect(pages.map((page) => page.items.length)).toEqual([7, 7, 7, 7, visible.length - 28]);
    expect(pages.map((page) => page.more?.count ?? 0)).toEqual(
      pages.map((_, index) => Math.max(0, visible.length - 7 * (index + 1))),
    );

    // Pages of one, across the ties and the workflows a microsecond apart.
    const single = await walkPages(client, "sh-workflow-list", { limit: 1 });
    expect(single.flatMap((page) => page.items)).toEqual(visible);
  });

  it("shows a member neither others' private workflows nor ones not shared with them; an admin sees all", async () => {
    const daves = (await walkPages(await connect(), "sh-workflow-list", { limit: 10 })).flatMap((page) => page.items);
    expect(daves).toContain("erin-shared");
    expect(daves).toContain("erin-org-a");
    expect(daves.filter((name) => name.endsWith("-private") || name.startsWith("erin-private-"))).toEqual([]);

    const admins = await walkPages(await connect(admin), "sh-workflow-list", { limit: 10 });
    expect(admins.flatMap((page) => page.items)).toEqual(everything);
  });

  it("takes page numbers too, and says when a page is past the end", async () => {
    const client = await connect();
    const second = readPage((await callText(client, "sh-workflow-list", { limit: 10, page: 2 })).text);
    expect(second.items).toEqual(visible.slice(10, 20));
    expect(second.more?.count).toBe(visible.length - 20);
    expect(await callText(client, "sh-workflow-list", { limit: 100, page: 99 })).toEqual({
      text: "No more workflows.",
      isError: false,
    });
  });

  it("refuses a limit out of range, a cursor it did not give out and a cursor with a page, naming the problem", async () => {
    const client = await connect();
    for (const limit of [0, 101]) {
      expect(await callText(client, "sh-workflow-list", { limit })).toMatchObject({
        isError: true,
        text: expect.stringContaining("limit:"),
      });
    }
    const notOurs =
      "Error: cursor: not a cursor this server gave out; call again without a cursor to start from the first page";
    const promptCursor = readPage((await callText(client, "sh-list", { limit: 1 })).text).more?.cursor;
    expect(promptCursor).toBeDefined();
    for (const cursor of [
      "not-a-cursor",
      promptCursor,
      cursorOf({ u: 1.5, w: created[0]?.id }),
      cursorOf({ u: 1, w: "'; drop table workflows; --" }),
    ]) {
      expect(await callText(client, "sh-workflow-list", { cursor })).toEqual({ isError: true, text: notOurs });
    }

    const workflowCursor = readPage((await callText(client, "sh-workflow-list", { limit: 1 })).text).more?.cursor;
    expect(await callText(client, "sh-list", { cursor: workflowCursor })).toEqual({ isError: true, text: notOurs });
    expect(await callText(client, "sh-workflow-list", { cursor: workflowCursor, page: 2 })).toEqual({
      isError: true,
      text: "Error: give either cursor or page, not both",
    });
  });

  it("publishes its paging arguments", async () => {
    const { tools } = await (await connect()).listTools();
    const listing = tools.find((tool) => tool.name === "sh-workflow-list");
    expect(Object.keys(listing?.inputSchema.properties ?? {})).toEqual(["limit", "cursor", "page"]);
    expect(listing?.inputSchema.required ?? []).toEqual([]);
  });
});
