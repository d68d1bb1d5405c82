import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { prompts, promptVersions } from "../../db/schema.js";
import { registerAdmin, type Session, unique } from "../../test/factories.js";
import { createTestContext, type TestContext } from "../../test/harness.js";

/**
 * No schema and no input may hold the process: input validation and schema checks run off the
 * event loop under a deadline, and sizes are capped before anything walks them.
 */

let t: TestContext;
let author: Session;

beforeAll(async () => {
  t = await createTestContext();
  author = await registerAdmin(t.app);
});
afterAll(async () => t?.close());

function savePrompt(inputSchema: Record<string, unknown>, userTemplate = "{{ input }}") {
  return t.app.inject({
    method: "POST",
    url: "/api/v1/prompts",
    headers: author.auth,
    payload: {
      name: unique("bounded").toLowerCase(),
      visibility: "public",
      version: { version: "1", user_template: userTemplate, input_schema: inputSchema },
    },
  });
}

async function publicPrompt(inputSchema: Record<string, unknown>, userTemplate = "{{ input }}"): Promise<string> {
  const response = await savePrompt(inputSchema, userTemplate);
  expect(response.statusCode, response.body).toBe(201);
  return response.json().name;
}

const expandAnonymously = (name: string, input: unknown) =>
  t.app.inject({ method: "POST", url: `/api/v1/expand/${name}`, payload: { input } });

const health = () => t.app.inject({ method: "GET", url: "/health" });

/** Which of two requests is answered first; both must be answered. */
async function firstAnswered(requests: Record<string, Promise<unknown>>): Promise<string> {
  const order: string[] = [];
  await Promise.all(Object.entries(requests).map(([name, request]) => request.then(() => order.push(name))));
  return order[0] as string;
}

describe("input validation at expansion", () => {
  it("answers a catastrophic-backtracking pattern within the budget while /health stays answered", {
    timeout: 15_000,
  }, async () => {
    const name = await publicPrompt({ properties: { input: { type: "string", pattern: "^(a+)+$" } } });
    // Backtracking doubles its work with every 'a': this input would hold a backtracking matcher for minutes.
    const expansion = expandAnonymously(name, { input: `${"a".repeat(30)}!` });
    const probe = health();
    expect(await firstAnswered({ health: probe, expansion })).toBe("health");
    expect((await probe).statusCode).toBe(200);
    const answer = await expansion;
    expect(answer.statusCode).toBe(422);
    expect(answer.json()).toEqual({
      code: "validation_limit_exceeded",
      detail: expect.stringMatching(/^Input validation took longer than 500 ms/),
    });
  });

  it("still matches patterns after a validation was cut off", async () => {
    const name = await publicPrompt({ properties: { input: { type: "string", pattern: "^(a+)+$" } } });
    expect((await expandAnonymously(name, { input: "aaaa" })).json().user_message).toBe("aaaa");
    const refused = await expandAnonymously(name, { input: "aab" });
    expect(refused.statusCode).toBe(422);
    expect(refused.json().detail).toEqual([
      { loc: ["body", "input", "input"], msg: 'must match pattern "^(a+)+$"', type: "pattern" },
    ]);
  });

  it("cuts off a schema whose references branch exponentially", { timeout: 15_000 }, async () => {
    // 28 levels of two-way `allOf` through `$ref`: under 2 KB of schema, 2^28 checks of one value.
    const levels = 28;
    const $defs: Record<string, unknown> = { [`d${levels}`]: { type: "string" } };
    for (let i = 0; i < levels; i++) {
      $defs[`d${i}`] = { allOf: [{ $ref: `#/$defs/d${i + 1}` }, { $ref: `#/$defs/d${i + 1}` }] };
    }
    const name = await publicPrompt({ $defs, properties: { x: { $ref: "#/$defs/d0" } } }, "{{ x }}");
    const answer = await expandAnonymously(name, { x: "s" });
    expect(answer.statusCode).toBe(422);
    expect(answer.json().code).toBe("validation_limit_exceeded");
  });

  it("refuses an input array longer than the limit before untyped uniqueItems compares every pair", async () => {
    const name = await publicPrompt({ properties: { xs: { uniqueItems: true } } }, "{{ xs | length }}");
    const xs = Array.from({ length: 60_000 }, (_, i) => i);
    const answer = await expandAnonymously(name, { xs });
    expect(answer.statusCode).toBe(422);
    expect(answer.json().detail).toBe("Input array at input.xs has 60000 items (max 1000 per array)");
    expect((await expandAnonymously(name, { xs: xs.slice(0, 1000) })).json().user_message).toBe("1000");
  });

  it("refuses input larger than the limit", async () => {
    const name = await publicPrompt({ type: "object", properties: { input: { type: "string" } } });
    const answer = await expandAnonymously(name, { input: "x".repeat(1024 * 1024) });
    expect(answer.statusCode).toBe(422);
    expect(answer.json().detail).toMatch(/^Input is too large: 10485\d\d characters as JSON \(max 1048576\)$/);
  });

  it("keeps serving stored versions whose schemas exceed today's save limits", async () => {
    const name = await publicPrompt({ type: "object", properties: { input: { type: "string" } } });
    const [prompt] = await t.database.db.select().from(prompts).where(eq(prompts.name, name));
    const values = Array.from({ length: 5_000 }, (_, i) => `v${i}`);
    await t.database.db
      .update(promptVersions)
      .set({ inputSchema: { properties: { input: { enum: values } } } })
      .where(eq(promptVersions.promptId, prompt?.id as string));
    await t.changesSeen();
    expect((await expandAnonymously(name, { input: "v4999" })).json().user_message).toBe("v4999");
    expect((await expandAnonymously(name, { input: "nope" })).statusCode).toBe(422);
  });
});

describe("input schemas at save", () => {
  it("refuses an enum longer than the limit, naming it", async () => {
    const values = Array.from({ length: 120_000 }, (_, i) => `v${i}`);
    const response = await savePrompt({ properties: { input: { enum: values } } });
    expect(response.statusCode).toBe(422);
    expect(response.json()).toEqual({
      code: "input_schema_limit_exceeded",
      detail: "input_schema has an enum of 120000 values at /properties/input/enum (max 1000)",
    });
  });

  it("refuses a schema larger than the limit, naming it", async () => {
    const response = await savePrompt({ properties: { input: { type: "string", description: "d".repeat(70_000) } } });
    expect(response.statusCode).toBe(422);
    expect(response.json().detail).toMatch(/^input_schema is too large: 700\d\d characters as JSON \(max 65536\)$/);
  });

  it("refuses a schema nested deeper than the limit, naming it", async () => {
    let schema: Record<string, unknown> = { type: "string" };
    for (let i = 0; i < 40; i++) schema = { type: "object", properties: { x: schema } };
    const response = await savePrompt(schema);
    expect(response.statusCode).toBe(422);
    expect(response.json().detail).toBe("input_schema is nested more than 64 levels deep");
  });

  it("still refuses invalid schemas and accepts ones within the limits", async () => {
    const invalid = await savePrompt({ type: "strin" });
    expect(invalid.statusCode).toBe(422);
    expect(invalid.json().detail).toMatch(/^input_schema is not a valid JSON Schema: /);
    const unresolved = await savePrompt({ properties: { x: { $ref: "#/$defs/missing" } } });
    expect(unresolved.statusCode).toBe(422);
    expect(unresolved.json().detail).toMatch(/can't resolve reference/);
    const values = Array.from({ length: 1000 }, (_, i) => `v${i}`);
    expect((await savePrompt({ properties: { input: { enum: values } } })).statusCode).toBe(201);
  });
});
