import { and, eq, like, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "../../db/client.js";
import { auditEvents } from "../../db/schema.js";
import {
  createGovernanceOrg,
  createPromptThroughApi,
  type GovernanceOrg,
  type Session,
  sender,
  unique,
} from "../../test/factories.js";
import { createTestContext, type TestContext } from "../../test/harness.js";
import { pruneAuditEvents } from "./audit.service.js";

let t: TestContext;
let db: Db;
let org: GovernanceOrg;
let send: ReturnType<typeof sender>;
/** A team the admin created under the owner's team, and one outside the owner's subtree. */
let insideTeam: { id: string; requestId: string };
let outsideTeamId: string;
/** The member's workflow, which the admin then renamed. */
let memberWorkflowId: string;

type AuditEvent = {
  id: string;
  occurred_at: string;
  actor: { type: string; user_id: string | null; name: string | null; api_key_id: string | null };
  channel: string;
  action: string;
  target: { type: string; id: string | null; name: string | null };
  team_id: string | null;
  changes: { before: Record<string, unknown> | null; after: Record<string, unknown> | null } | null;
  request_id: string | null;
  client_address: string | null;
};

const read = async (session: Session | null, query = "") => send("GET", `/api/v1/audit${query}`, session);
const items = async (session: Session, query = ""): Promise<AuditEvent[]> => {
  const response = await read(session, query);
  expect(response.statusCode, response.body).toBe(200);
  return response.json().items;
};

async function createTeam(session: Session, parentTeamId: string) {
  const slug = unique("audited").toLowerCase();
  const response = await send("POST", "/api/v1/teams", session, { name: slug, slug, parent_team_id: parentTeamId });
  expect(response.statusCode, response.body).toBe(201);
  return { id: response.json().id as string, requestId: String(response.headers["x-request-id"]) };
}

async function createWorkflow(session: Session) {
  const response = await send("POST", "/api/v1/workflows", session, { name: unique("wf"), steps: [] });
  expect(response.statusCode, response.body).toBe(201);
  return response.json().id as string;
}

/** Events written straight to the table (inserting is allowed; changing is not), `at` their time. */
async function insertEvents(action: string, count: number, at = new Date(), extra: Record<string, unknown> = {}) {
  for (let done = 0; done < count; done += 500) {
    const rows = Array.from({ length: Math.min(500, count - done) }, (_, i) => ({
      actorType: "system" as const,
      channel: "system" as const,
      action,
      targetType: "test",
      targetId: String(done + i),
      occurredAt: at,
      ...extra,
    }));
    await db.insert(auditEvents).values(rows);
  }
}

beforeAll(async () => {
  t = await createTestContext();
  db = t.database.db;
  send = sender(t.app);
  org = await createGovernanceOrg(t.app, db);
  insideTeam = await createTeam(org.admin, org.ownedTeamId);
  outsideTeamId = (await createTeam(org.admin, org.siblingTeamId)).id;
  memberWorkflowId = await createWorkflow(org.member);
  await createWorkflow(org.outsider);
  const renamed = await send("PUT", `/api/v1/workflows/${memberWorkflowId}`, org.admin, { name: unique("renamed") });
  expect(renamed.statusCode, renamed.body).toBe(200);
});
afterAll(async () => t?.close());

describe("GET /audit", () => {
  it("shows admins every event, newest first, with who, how, what and the changed fields", async () => {
    const events = await items(org.admin, "?limit=200");
    const ids = events.map((event) => Number(event.id));
    expect(ids).toEqual([...ids].sort((a, b) => b - a));
    const created = events.find((event) => event.action === "team.created" && event.target.id === insideTeam.id);
    expect(created).toMatchObject({
      occurred_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      actor: { type: "user", user_id: org.admin.userId, name: org.admin.username, api_key_id: null },
      channel: "rest",
      target: { type: "team", id: insideTeam.id },
      team_id: insideTeam.id,
      changes: { before: null, after: { parent_team_id: org.ownedTeamId, owner_id: null } },
      request_id: insideTeam.requestId,
      client_address: "127.0.0.1",
    });
    const renamed = events.find((event) => event.action === "workflow.updated");
    expect(Object.keys(renamed?.changes?.after ?? {})).toEqual(["name"]);
    expect(renamed?.team_id).toBe(org.subTeamId);
  });

  it("filters by action (exact or prefix), target, actor and time", async () => {
    const teamEvents = await items(org.admin, "?action=team.*&limit=200");
    expect(teamEvents.length).toBeGreaterThanOrEqual(2);
    expect(teamEvents.every((event) => event.action.startsWith("team."))).toBe(true);
    const exact = await items(org.admin, "?action=workflow.created");
    expect(exact.map((event) => event.action)).toEqual(["workflow.created", "workflow.created"]);
    // `_` in a prefix is a letter, not a wildcard.
    expect(await items(org.admin, "?action=workflow_*")).toEqual([]);

    const target = await items(org.admin, `?target_type=workflow&target_id=${memberWorkflowId}`);
    expect(target.map((event) => event.action)).toEqual(["workflow.updated", "workflow.created"]);
    const byMember = await items(org.admin, `?actor=${org.member.userId}`);
    expect(byMember.length).toBeGreaterThan(0);
    expect(byMember.every((event) => event.actor.user_id === org.member.userId)).toBe(true);

    const now = Date.now();
    const hour = 3_600_000;
    const window = `from=${new Date(now - hour).toISOString()}&to=${new Date(now + hour).toISOString()}`;
    expect((await items(org.admin, `?action=team.*&${window}`)).length).toBe(teamEvents.length);
    expect(await items(org.admin, `?from=${new Date(now + hour).toISOString()}`)).toEqual([]);
    expect(await items(org.admin, `?to=${new Date(now - hour).toISOString()}`)).toEqual([]);
  });

  it("refuses a bad time range, date, action or cursor with 422 naming it", async () => {
    const later = new Date().toISOString();
    const reversed = await read(org.admin, `?from=${later}&to=2020-01-01T00:00:00Z`);
    expect(reversed.statusCode).toBe(422);
    expect(reversed.json().detail).toBe("from must not be later than to");
    const badDate = await read(org.admin, "?from=yesterday");
    expect(badDate.statusCode).toBe(422);
    expect(JSON.stringify(badDate.json().detail)).toContain("from must be an ISO 8601 date-time");
    const badAction = await read(org.admin, "?action=team.*.moved");
    expect(badAction.statusCode).toBe(422);
    expect(JSON.stringify(badAction.json().detail)).toContain("prefix ending in *");
    const badCursor = await read(org.admin, "?cursor=bm9wZQ");
    expect(badCursor.statusCode).toBe(422);
    expect(badCursor.json().detail).toContain("cursor");
    expect((await read(org.admin, "?limit=201")).statusCode).toBe(422);
  });

  it("pages through older events with next_cursor, each event once", async () => {
    await insertEvents("test.paged", 7);
    const all = await items(org.admin, "?action=test.paged");
    expect(all).toHaveLength(7);
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const response = await read(org.admin, `?action=test.paged&limit=3${cursor ? `&cursor=${cursor}` : ""}`);
      const body: { items: AuditEvent[]; next_cursor: string | null } = response.json();
      seen.push(...body.items.map((event) => event.id));
      cursor = body.next_cursor;
      pages++;
    } while (cursor);
    expect(pages).toBe(3);
    expect(seen).toEqual(all.map((event) => event.id));
  });

  it("shows a member only their own actions, and says what they may read otherwise", async () => {
    const refused = await read(org.member);
    expect(refused.statusCode).toBe(403);
    expect(refused.json().detail).toContain("actor=<your user id>");
    expect((await read(org.member, `?actor=${org.colleague.userId}`)).statusCode).toBe(403);
    const own = await items(org.member, `?actor=${org.member.userId}`);
    expect(own.map((event) => event.action)).toEqual(["workflow.created", "auth.signed_in"]);
    expect((await read(null)).statusCode).toBe(401);
  });

  it("lets owners read the whole history of what they own, and nobody else", async () => {
    const history = await items(org.member, `?target_type=workflow&target_id=${memberWorkflowId}`);
    expect(history.map((event) => [event.action, event.actor.user_id])).toEqual([
      ["workflow.updated", org.admin.userId],
      ["workflow.created", org.member.userId],
    ]);
    expect((await read(org.colleague, `?target_type=workflow&target_id=${memberWorkflowId}`)).statusCode).toBe(403);
    expect((await read(org.colleague, "?target_type=workflow&target_id=not-a-uuid")).statusCode).toBe(403);
    expect(await items(org.member, `?target_type=user&target_id=${org.member.userId}`)).toBeDefined();
    expect((await read(org.member, `?target_type=user&target_id=${org.colleague.userId}`)).statusCode).toBe(403);

    // A prompt's events name it by id; its owner reads them, others may not.
    const name = await createPromptThroughApi(t.app, org.member, unique("audited").toLowerCase(), {}, "org");
    const promptId = (await send("GET", `/api/v1/prompts/${name}`, org.member)).json().id as string;
    await insertEvents("prompt.updated", 1, new Date(), { targetType: "prompt", targetId: promptId, targetName: name });
    const promptHistory = await items(org.member, `?target_type=prompt&target_id=${promptId}`);
    expect(promptHistory.map((event) => event.action)).toContain("prompt.updated");
    expect((await read(org.colleague, `?target_type=prompt&target_id=${promptId}`)).statusCode).toBe(403);
  });

  it("shows team owners the events of the teams they manage, and only those", async () => {
    const events = await items(org.owner, "?limit=200");
    const managed = new Set([org.ownedTeamId, org.subTeamId, insideTeam.id]);
    expect(events.length).toBeGreaterThan(0);
    expect(events.every((event) => event.team_id !== null && managed.has(event.team_id))).toBe(true);
    expect(events.some((event) => event.target.id === insideTeam.id)).toBe(true);
    expect(events.some((event) => event.target.id === memberWorkflowId)).toBe(true);
    expect(events.some((event) => event.target.id === outsideTeamId)).toBe(false);
  });

  it("exports every matching event as JSON Lines, newest first, beyond any page size", async () => {
    await insertEvents("test.exported", 1234);
    const response = await read(org.admin, "?action=test.exported&format=jsonl&limit=5");
    expect(response.statusCode, response.body.slice(0, 200)).toBe(200);
    expect(response.headers["content-type"]).toContain("application/x-ndjson");
    const lines = response.body.trimEnd().split("\n");
    expect(lines).toHaveLength(1234);
    const events: AuditEvent[] = lines.map((line) => JSON.parse(line));
    expect(events.every((event) => event.action === "test.exported" && event.actor.type === "system")).toBe(true);
    const ids = events.map((event) => Number(event.id));
    expect(ids).toEqual([...ids].sort((a, b) => b - a));
    expect(new Set(ids).size).toBe(1234);

    const refused = await read(org.member, "?format=jsonl");
    expect(refused.statusCode).toBe(403);
    expect(refused.json().code).toBe("audit_forbidden");
  });

  it("offers no way to change or delete an event", async () => {
    for (const method of ["POST", "PUT", "PATCH", "DELETE"] as const) {
      const response = await send(method, "/api/v1/audit", org.admin, {});
      expect([404, 405]).toContain(response.statusCode);
    }
    const paths = (t.app.swagger() as { paths: Record<string, object> }).paths;
    const auditPaths = Object.entries(paths).filter(([path]) => path.startsWith("/api/v1/audit"));
    expect(auditPaths.map(([path, operations]) => [path, Object.keys(operations)])).toEqual([
      ["/api/v1/audit", ["get"]],
    ]);
  });
});

describe("audit retention", () => {
  const DAY = 86_400_000;
  const countOf = async (action: string) =>
    (await db.select({ id: auditEvents.id }).from(auditEvents).where(eq(auditEvents.action, action))).length;

  it("keeps everything while no retention is set", async () => {
    await insertEvents("test.ancient", 3, new Date(Date.now() - 3650 * DAY));
    expect(await pruneAuditEvents(db)).toBe(0);
    expect(await countOf("test.ancient")).toBe(3);
  });

  it("prunes events older than the retention in batches, and nothing newer", async () => {
    await insertEvents("test.expired", 2500, new Date(Date.now() - 40 * DAY));
    await insertEvents("test.kept", 5, new Date(Date.now() - 20 * DAY));
    const set = await send("PATCH", "/api/v1/settings", org.admin, { audit_retention_days: 30 });
    expect(set.statusCode, set.body).toBe(200);

    expect(await pruneAuditEvents(db, { batchSize: 1000 })).toBe(2500 + 3);
    expect(await countOf("test.expired")).toBe(0);
    expect(await countOf("test.ancient")).toBe(0);
    expect(await countOf("test.kept")).toBe(5);
    expect(await countOf("settings.changed")).toBe(1);

    // Pruning opened no door: outside it, deletes and updates are still refused.
    await expect(db.delete(auditEvents).where(eq(auditEvents.action, "test.kept"))).rejects.toThrow();
    await expect(
      db.update(auditEvents).set({ action: "forged" }).where(like(auditEvents.action, "test.%")),
    ).rejects.toThrow();
    await expect(
      db.execute(sql`delete from audit_events where ${and(eq(auditEvents.action, "test.kept"))}`),
    ).rejects.toThrow();
    expect(await countOf("test.kept")).toBe(5);
    await send("PATCH", "/api/v1/settings", org.admin, { audit_retention_days: null });
  });

  it("stops between batches when asked to", async () => {
    await insertEvents("test.stopped", 30, new Date(Date.now() - 40 * DAY));
    await send("PATCH", "/api/v1/settings", org.admin, { audit_retention_days: 30 });
    const stopping = new AbortController();
    stopping.abort();
    expect(await pruneAuditEvents(db, { batchSize: 10, signal: stopping.signal })).toBe(0);
    expect(await countOf("test.stopped")).toBe(30);
    expect(await pruneAuditEvents(db, { batchSize: 10 })).toBe(30);
    await send("PATCH", "/api/v1/settings", org.admin, { audit_retention_days: null });
  });
});
