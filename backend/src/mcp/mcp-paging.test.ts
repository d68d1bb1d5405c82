import type { AddressInfo } from "node:net";
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  createPromptThroughApi,
  createUserSession,
  registerAdmin,
  type Session,
  sender,
  unique,
} from "../test/factories.js";
import { createTestContext, type TestContext } from "../test/harness.js";
import { callText, connectWithContext, readPage, walkPages } from "../test/mcp-client.js";
import { MAX_RESULT_BYTES } from "./text-format.js";

let t: TestContext;
let send: ReturnType<typeof sender>;
let baseUrl: string;
let daveKey: string;
/** Every prompt Dave may expand, by name. */
let visible: string[];
const clients: Client[] = [];

const OWN_PROMPTS = 60;
/** Long enough that a page of them passes the result cap. */
const BULKY_DESCRIPTION = `A bulky description. ${"x".repeat(1_000)}`;

async function prompt(session: Session, name: string, options: { visibility?: string; description?: string } = {}) {
  const response = await send("POST", "/api/v1/prompts", session, {
    name,
    visibility: options.visibility ?? "private",
    description: options.description ?? null,
    version: { version: "1", user_template: "{{ input }}" },
  });
  if (response.statusCode !== 201) throw new Error(`creating ${name}: ${response.statusCode} ${response.body}`);
  return name;
}

beforeAll(async () => {
  t = await createTestContext();
  send = sender(t.app);
  const admin = await registerAdmin(t.app);
  const dave = await createUserSession(t.app, t.database.db, { teamId: admin.teamId });
  const erin = await createUserSession(t.app, t.database.db, { teamId: admin.teamId });
  const keyResponse = await send("POST", "/api/v1/api-keys", dave, { name: unique("key"), scopes: ["read", "expand"] });
  daveKey = keyResponse.json().raw_key;

  const own: string[] = [];
  for (let i = 0; i < OWN_PROMPTS; i++) own.push(await prompt(dave, `own-${String(i).padStart(3, "0")}`));
  // Erin's: private ones Dave must not see, org ones and a shared one he must, a deprecated one he must not.
  for (let i = 0; i < 3; i++) await prompt(erin, `erin-private-${i}`);
  const org = [
    await prompt(erin, "erin-org-a", { visibility: "org" }),
    await prompt(erin, "erin-org-b", { visibility: "org" }),
  ];
  const shared = await prompt(erin, "erin-shared");
  await send("POST", `/api/v1/prompts/${shared}/shares`, erin, { user_id: dave.userId });
  await prompt(erin, "erin-retired", { visibility: "org" });
  await send("DELETE", "/api/v1/prompts/erin-retired", erin);

  // For the search order: exact name, prefix, contains (two, by name), then description and tags.
  const search = [
    await prompt(dave, "lint"),
    await prompt(dave, "lint-fast"),
    await prompt(dave, "a-lint"),
    await prompt(dave, "go-lint"),
    await prompt(dave, "review", { description: "Runs LINT before reviewing" }),
    await createPromptThroughApi(t.app, dave, "zeta", { user_template: "{{ input }}", tags: ["lint"] }, "private"),
  ];
  const bulky: string[] = [];
  for (let i = 0; i < 40; i++) bulky.push(await prompt(dave, `bulky-${i}`, { description: BULKY_DESCRIPTION }));
  visible = [...own, ...org, shared, ...search, ...bulky].sort();

  await t.app.listen({ port: 0, host: "127.0.0.1" });
  baseUrl = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
});
afterEach(async () => {
  for (const client of clients.splice(0)) await client.close();
});
afterAll(async () => t?.close());

async function connect(): Promise<Client> {
  const client = await connectWithContext(baseUrl, daveKey, "mcp-paging-test");
  clients.push(client);
  return client;
}

describe("sh-list paging", () => {
  it("shows 25 by default and reaches every visible prompt exactly once through the cursors", async () => {
    const client = await connect();
    const first = readPage((await callText(client, "sh-list", {})).text);
    expect(first.items).toEqual(visible.slice(0, 25));
    expect(first.more).toMatchObject({ count: visible.length - 25, call: "sh-list again" });

    const pages = await walkPages(client, "sh-list", { limit: 7 });
    expect(pages.flatMap((page) => page.items)).toEqual(visible);
    expect(pages.slice(0, -1).every((page) => page.items.length === 7)).toBe(true);
    expect(pages.map((page) => page.more?.count ?? 0)).toEqual(
      pages.map((_, index) => Math.max(0, visible.length - 7 * (index + 1))),
    );
  });

  it("takes page numbers too, and says when a page is past the end", async () => {
    const client = await connect();
    const second = readPage((await callText(client, "sh-list", { limit: 10, page: 2 })).text);
    expect(second.items).toEqual(visible.slice(10, 20));
    expect(second.more?.count).toBe(visible.length - 20);
    expect((await callText(client, "sh-list", { limit: 100, page: 99 })).text).toBe("No more prompts.");
  });

  it("refuses a limit out of range, a foreign cursor and a cursor with a page, naming the problem", async () => {
    const client = await connect();
    expect(await callText(client, "sh-list", { limit: 101 })).toMatchObject({
      isError: true,
      text: expect.stringContaining("limit:"),
    });
    expect(await callText(client, "sh-list", { cursor: "not-a-cursor" })).toEqual({
      isError: true,
      text: "Error: cursor: not a cursor this server gave out; call again without a cursor to start from the first page",
    });
    const searchCursor = readPage((await callText(client, "sh-search", { query: "lint", limit: 1 })).text).more?.cursor;
    expect(await callText(client, "sh-list", { cursor: searchCursor })).toMatchObject({
      isError: true,
      text: expect.stringContaining("it continues the search for 'lint', not ''"),
    });
    expect(await callText(client, "sh-list", { cursor: searchCursor, page: 2 })).toEqual({
      isError: true,
      text: "Error: give either cursor or page, not both",
    });
  });
});

describe("sh-search paging", () => {
  it("puts the exact name first, then name prefixes, names containing it, descriptions and tags", async () => {
    const client = await connect();
    const answer = readPage((await callText(client, "sh-search", { query: "LINT" })).text);
    expect(answer.items).toEqual(["lint", "lint-fast", "a-lint", "go-lint", "review", "zeta"]);
    expect(answer.more).toBeNull();
  });

  it("walks the same order a page at a time, each match exactly once", async () => {
    const client = await connect();
    const pages = await walkPages(client, "sh-search", { query: "lint", limit: 4 });
    expect(pages.map((page) => page.items)).toEqual([
      ["lint", "lint-fast", "a-lint", "go-lint"],
      ["review", "zeta"],
    ]);
    expect(pages[0]?.more).toMatchObject({ count: 2, call: 'sh-search again with query "lint"' });
    const firstText = (await callText(client, "sh-search", { query: "lint", limit: 4 })).text;
    expect(firstText.split("\n").at(-1)).toBe(
      `… 2 more: call sh-search again with query "lint" and cursor "${pages[0]?.more?.cursor}"`,
    );

    // Pages that cross from names holding the word to the rest, by cursor and by page number.
    const crossing = await walkPages(client, "sh-search", { query: "lint", limit: 3 });
    expect(crossing.map((page) => page.items)).toEqual([
      ["lint", "lint-fast", "a-lint"],
      ["go-lint", "review", "zeta"],
    ]);
    const byNumber = async (page: number, limit: number) =>
      readPage((await callText(client, "sh-search", { query: "lint", limit, page })).text).items;
    expect(await byNumber(2, 3)).toEqual(["go-lint", "review", "zeta"]);
    expect(await byNumber(2, 5)).toEqual(["zeta"]);
    expect(await byNumber(3, 2)).toEqual(["review", "zeta"]);

    const bulky = await walkPages(client, "sh-search", { query: "bulky", limit: 15 });
    expect(bulky.flatMap((page) => page.items)).toEqual(visible.filter((name) => name.startsWith("bulky-")));
  });
});

describe("result cap", () => {
  it("cuts a long answer at a line, within 32 KB, and says how to ask for less", async () => {
    const client = await connect();
    const { text, isError } = await callText(client, "sh-search", { query: "bulky", limit: 40 });
    expect(isError).toBe(false);
    expect(Buffer.byteLength(text)).toBeLessThanOrEqual(MAX_RESULT_BYTES);
    const lines = text.split("\n");
    expect(lines.at(-1)).toBe(
      "… answer cut at 32 KB: call sh-search again with a smaller limit or a more specific query.",
    );
    // Every line before the note is whole.
    for (const line of lines.slice(1, -1))
      expect(line).toMatch(/^ {2}- sh-bulky-\d+: A bulky description\. x+ \[tags: none\]$/);
    expect(lines.length).toBeGreaterThan(10);
  });
});

describe("prompts/list paging", () => {
  it("answers 50 at a time with nextCursor, reaching every prompt exactly once", async () => {
    const client = await connect();
    const pages: string[][] = [];
    let cursor: string | undefined;
    do {
      const result = await client.listPrompts(cursor ? { cursor } : {});
      pages.push(result.prompts.map((listed) => listed.name));
      cursor = result.nextCursor;
    } while (cursor);
    expect(pages.flat()).toEqual(visible);
    expect(pages.slice(0, -1).every((page) => page.length === 50)).toBe(true);
    expect(pages.length).toBe(Math.ceil(visible.length / 50));
  });

  it("refuses a cursor it did not give out with -32602", async () => {
    const client = await connect();
    await expect(client.listPrompts({ cursor: "bogus" })).rejects.toMatchObject({ code: -32602 });
  });
});
