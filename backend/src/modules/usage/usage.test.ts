import { eq, inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "../../db/client.js";
import { prompts, promptUsage, promptVersions } from "../../db/schema.js";
import { buildApp } from "../../http/app.js";
import { notFound } from "../../http/errors.js";
import { countingDb } from "../../test/counting-db.js";
import { registerAdmin, type Session, unique } from "../../test/factories.js";
import { createTestContext, type TestContext } from "../../test/harness.js";
import { createUsageRecorder, recordUsage, type UsageEvent } from "./usage.recorder.js";

let t: TestContext;
let db: Db;
let admin: Session;

beforeAll(async () => {
  t = await createTestContext();
  db = t.database.db;
  admin = await registerAdmin(t.app);
});
afterAll(async () => t?.close());

const silentLog = { error: () => {}, warn: () => {} } as never;

const event = (promptName: string, overrides: Partial<UsageEvent> = {}): UsageEvent => ({
  occurredAt: new Date(),
  promptName,
  promptVersion: "1.0.0",
  label: null,
  statusCode: 200,
  errorCode: null,
  errorMessage: null,
  latencyMs: 1.5,
  source: "rest",
  channel: "rest",
  callerType: "anonymous",
  userId: null,
  apiKeyId: null,
  teamId: null,
  projectId: null,
  inputBytes: 2,
  outputBytes: 10,
  inputExcerpt: null,
  outputExcerpt: null,
  ...overrides,
});

async function rowsFor(...names: string[]) {
  return db.select().from(promptUsage).where(inArray(promptUsage.promptName, names));
}

/** The same database seen through a drizzle instance that counts the statements it sends. */
describe("usage recorder", () => {
  it("writes queued events in batches of multi-row inserts", async () => {
    const counter = countingDb(t.database);
    const recorder = createUsageRecorder(counter.db, silentLog, { batchSize: 200, flushIntervalMs: 60_000 });
    const name = unique("batch");
    for (let i = 0; i < 450; i++) recorder.record(event(name, { latencyMs: i }));
    await recorder.flush();
    expect(await rowsFor(name)).toHaveLength(450);
    expect(counter.statements()).toBe(3);
  });

  it("writes on its own after the flush interval", async () => {
    const recorder = createUsageRecorder(db, silentLog, { flushIntervalMs: 50 });
    const name = unique("interval");
    recorder.record(event(name, { source: "workflow", channel: "workflow", statusCode: 422, promptVersion: "latest" }));
    expect(await rowsFor(name)).toHaveLength(0);
    let rows: (typeof promptUsage.$inferSelect)[] = [];
    for (let attempt = 0; attempt < 50 && rows.length === 0; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      rows = await rowsFor(name);
    }
    expect(rows).toEqual([
      expect.objectContaining({
        promptName: name,
        promptVersion: "latest",
        statusCode: 422,
        source: "workflow",
        channel: "workflow",
        latencyMs: 1.5,
      }),
    ]);
  });

  it("logs a failed write and never throws", async () => {
    const errors: unknown[] = [];
    const recorder = createUsageRecorder(db, {
      error: (...args: unknown[]) => errors.push(args),
      warn: () => {},
    } as never);
    const name = unique("failing");
    recorder.record(event(name, { userId: "not-a-uuid" }));
    await expect(recorder.close()).resolves.toBeUndefined();
    expect(errors).toHaveLength(1);
    expect(await rowsFor(name)).toHaveLength(0);
  });

  it("keeps the good rows of a batch that holds bad ones", async () => {
    const errors: unknown[] = [];
    const recorder = createUsageRecorder(
      db,
      { error: (...args: unknown[]) => errors.push(args), warn: () => {} } as never,
      { batchSize: 1000, flushIntervalMs: 60_000 },
    );
    const name = unique("mixed");
    for (let i = 0; i < 10; i++) recorder.record(event(name, { latencyMs: i }));
    recorder.record(event(`${name}\u0000`));
    recorder.record(event(name, { latencyMs: 10, statusCode: 2 ** 40 }));
    recorder.record(event(name, { latencyMs: 11, userId: "not-a-uuid" }));
    for (let i = 12; i < 20; i++) recorder.record(event(name, { latencyMs: i }));
    await recorder.flush();

    const rows = await rowsFor(name);
    expect(rows.map((row) => row.latencyMs).sort((a, b) => a - b)).toEqual([
      0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 12, 13, 14, 15, 16, 17, 18, 19,
    ]);
    expect(errors).toHaveLength(3);
  });

  it("drops the oldest events when the database cannot keep up", async () => {
    const warnings: unknown[] = [];
    const recorder = createUsageRecorder(
      db,
      { error: () => {}, warn: (...args: unknown[]) => warnings.push(args) } as never,
      {
        maxQueued: 5,
        batchSize: 1000,
        flushIntervalMs: 60_000,
      },
    );
    const name = unique("bounded");
    for (let i = 0; i < 8; i++) recorder.record(event(name, { latencyMs: i }));
    await recorder.flush();
    const rows = await rowsFor(name);
    expect(rows.map((row) => row.latencyMs).sort((a, b) => a - b)).toEqual([3, 4, 5, 6, 7]);
    expect(warnings).toHaveLength(3);
  });
});

describe("recordUsage", () => {
  it("records the served version and label on success, and the status and reason of a failure", async () => {
    const recorder = createUsageRecorder(db, silentLog);
    const ok = unique("ok");
    const missing = unique("missing");
    const broken = unique("broken");
    const attempt = (promptName: string) => ({
      promptName,
      promptVersion: "latest",
      label: "staging",
      channel: "mcp_prompt" as const,
      caller: { user: { id: admin.userId, teamId: admin.teamId }, via: "jwt" } as never,
      projectId: null,
      input: { topic: "naïve" },
      sampling: false,
    });
    const outcome = { promptVersion: "2.0.0", label: "staging", systemMessage: "sys", userMessage: "hello" };
    await recordUsage(recorder, attempt(ok), async () => outcome);
    await expect(
      recordUsage(recorder, attempt(missing), async () => {
        throw notFound("Prompt 'x' has no label 'staging'", "label_not_found");
      }),
    ).rejects.toThrow("no label");
    await expect(
      recordUsage(recorder, attempt(broken), async () => {
        throw new Error("a secret stack trace");
      }),
    ).rejects.toThrow("a secret stack trace");
    await recorder.close();

    const rows = await rowsFor(ok, missing, broken);
    const byName = Object.fromEntries(rows.map((row) => [row.promptName, row]));
    expect(byName[ok]).toMatchObject({
      promptVersion: "2.0.0",
      label: "staging",
      statusCode: 200,
      source: "mcp",
      channel: "mcp_prompt",
      callerType: "user",
      userId: admin.userId,
      teamId: admin.teamId,
      errorCode: null,
      inputBytes: Buffer.byteLength('{"topic":"naïve"}'),
      outputBytes: Buffer.byteLength("sys\n\nhello"),
      inputExcerpt: null,
      outputExcerpt: null,
    });
    expect(byName[missing]).toMatchObject({
      promptVersion: "latest",
      statusCode: 404,
      errorCode: "label_not_found",
      errorMessage: "Prompt 'x' has no label 'staging'",
      outputBytes: null,
    });
    expect(byName[broken]).toMatchObject({
      statusCode: 500,
      errorCode: "internal_error",
      errorMessage: "Internal error",
    });
  });
});

describe("shutdown", () => {
  it("writes every queued row when the app closes", async () => {
    const second = await buildApp({ config: t.config, database: t.database, logger: false });
    await second.ready();
    const name = unique("closing");
    for (let i = 0; i < 450; i++)
      second.usage.record(event(name, { source: "mcp", channel: "mcp_tool", latencyMs: i }));

    const promptName = unique("closing-rest").toLowerCase();
    const [prompt] = await db
      .insert(prompts)
      .values({ name: promptName, userId: admin.userId, visibility: "public" })
      .returning();
    const [version] = await db
      .insert(promptVersions)
      .values({ promptId: prompt?.id as string, version: "1.0.0", userTemplate: "{{ input }}", inputSchema: {} })
      .returning();
    await db
      .update(prompts)
      .set({ latestVersionId: version?.id })
      .where(eq(prompts.id, prompt?.id as string));
    const response = await second.inject({
      method: "POST",
      url: `/api/v1/expand/${promptName}`,
      payload: { input: { input: "x" } },
    });
    expect(response.statusCode).toBe(200);
    await second.close();

    expect(await rowsFor(name)).toHaveLength(450);
    expect(await rowsFor(promptName)).toEqual([
      expect.objectContaining({ statusCode: 200, source: "rest", channel: "rest", label: "latest" }),
    ]);
  });
});
