import { asc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditEvents } from "../../db/schema.js";
import { createGovernanceOrg, type GovernanceOrg, type Session, sender, unique } from "../../test/factories.js";
import { createTestContext, type TestContext } from "../../test/harness.js";

let t: TestContext;
let org: GovernanceOrg;
let send: ReturnType<typeof sender>;

beforeAll(async () => {
  t = await createTestContext();
  send = sender(t.app);
  org = await createGovernanceOrg(t.app, t.database.db);
});
afterAll(async () => t?.close());

const promptName = () => unique("lbl").toLowerCase();

async function createPrompt(session: Session, extra: Record<string, unknown> = {}) {
  const name = promptName();
  const response = await send("POST", "/api/v1/prompts", session, {
    name,
    visibility: "org",
    version: { version: "1.0.0", user_template: "one {{ input }}", change_note: "First cut", ...extra },
  });
  expect(response.statusCode, response.body).toBe(201);
  return response.json();
}

async function addVersion(session: Session, name: string, version: string, changeNote?: string) {
  const response = await send("PUT", `/api/v1/prompts/${name}`, session, {
    version,
    user_template: `v${version} {{ input }}`,
    ...(changeNote === undefined ? {} : { change_note: changeNote }),
  });
  expect(response.statusCode, response.body).toBe(201);
  return response.json();
}

const moveLabel = (session: Session | null, name: string, label: string, version: string) =>
  send("PUT", `/api/v1/prompts/${name}/labels/${label}`, session, { version });

/** Every audit event about one target, oldest first. */
async function eventsOf(targetId: string) {
  return t.database.db
    .select()
    .from(auditEvents)
    .where(eq(auditEvents.targetId, targetId))
    .orderBy(asc(auditEvents.id));
}

describe("versions", () => {
  it("keep their change note and author, and show the labels pointing at them", async () => {
    const created = await createPrompt(org.member);
    expect(created.latest_version).toMatchObject({
      version: "1.0.0",
      change_note: "First cut",
      created_by_id: org.member.userId,
      labels: [],
    });
    const second = await addVersion(org.member, created.name, "2.0.0", "  ");
    expect(second).toMatchObject({ version: "2.0.0", change_note: null, created_by_id: org.member.userId, labels: [] });

    expect((await moveLabel(org.member, created.name, "staging", "2.0.0")).statusCode).toBe(200);
    expect((await moveLabel(org.member, created.name, "production", "1.0.0")).statusCode).toBe(200);
    expect((await moveLabel(org.member, created.name, "canary", "2.0.0")).statusCode).toBe(200);

    const versions = (await send("GET", `/api/v1/prompts/${created.name}/versions`, org.colleague)).json();
    expect(versions.map((v: { version: string; labels: string[] }) => [v.version, v.labels])).toEqual([
      ["2.0.0", ["canary", "staging"]],
      ["1.0.0", ["production"]],
    ]);
    const prompt = (await send("GET", `/api/v1/prompts/${created.name}`, org.colleague)).json();
    expect(prompt).toMatchObject({
      labels: { canary: "2.0.0", production: "1.0.0", staging: "2.0.0" },
      is_pinned: true,
      active_version: { version: "1.0.0", labels: ["production"] },
      latest_version: { version: "2.0.0", labels: ["canary", "staging"] },
      pending_change_request_id: null,
    });
  });

  it("refuse a change note over 2,000 characters", async () => {
    const { name } = await createPrompt(org.member);
    const response = await send("PUT", `/api/v1/prompts/${name}`, org.member, {
      version: "2",
      change_note: "x".repeat(2001),
    });
    expect(response.statusCode).toBe(422);
    expect(JSON.stringify(response.json().detail)).toContain("change_note");
  });
});

describe("moving labels (unprotected)", () => {
  it("moves a label at once and serves it, and answers 200 without a change for the same version", async () => {
    const { name, id } = await createPrompt(org.member);
    await addVersion(org.member, name, "2.0.0");
    const moved = await moveLabel(org.member, name, "staging", "1.0.0");
    expect(moved.statusCode, moved.body).toBe(200);
    expect(moved.json()).toMatchObject({ name, labels: { staging: "1.0.0" }, is_pinned: false });

    const again = await moveLabel(org.member, name, "staging", "1.0.0");
    expect(again.statusCode).toBe(200);
    const labelEvents = (await eventsOf(id)).filter((event) => event.action.startsWith("prompt.label"));
    expect(labelEvents).toHaveLength(1);

    const expanded = await send("POST", `/api/v1/expand/${name}?label=staging`, org.colleague, {
      input: { input: "x" },
    });
    expect(expanded.json()).toMatchObject({ prompt_version: "1.0.0", user_message: "one x" });
  });

  it("clears a label, and answers 404 label_not_found for a label that is not set", async () => {
    const { name } = await createPrompt(org.member);
    await moveLabel(org.member, name, "staging", "1.0.0");
    const cleared = await send("DELETE", `/api/v1/prompts/${name}/labels/staging`, org.member);
    expect(cleared.statusCode, cleared.body).toBe(200);
    expect(cleared.json().labels).toEqual({});
    const again = await send("DELETE", `/api/v1/prompts/${name}/labels/staging`, org.member);
    expect(again.statusCode).toBe(404);
    expect(again.json()).toEqual({ detail: `Prompt '${name}' has no label 'staging'`, code: "label_not_found" });
  });

  it("refuses the reserved latest label, bad label names, unknown versions and prompts", async () => {
    const { name } = await createPrompt(org.member);
    const latest = await moveLabel(org.member, name, "latest", "1.0.0");
    expect(latest.statusCode).toBe(422);
    expect(latest.json().code).toBe("reserved_label");
    expect((await send("DELETE", `/api/v1/prompts/${name}/labels/latest`, org.member)).json().code).toBe(
      "reserved_label",
    );
    const badName = await moveLabel(org.member, name, "Staging", "1.0.0");
    expect(badName.statusCode).toBe(422);
    expect(JSON.stringify(badName.json().detail)).toContain("label");

    const noVersion = await moveLabel(org.member, name, "staging", "9.9.9");
    expect(noVersion.statusCode).toBe(404);
    expect(noVersion.json().detail).toBe(`Prompt '${name}' or version '9.9.9' not found`);
    expect((await moveLabel(org.member, "no-such-prompt", "staging", "1")).statusCode).toBe(404);
  });

  it("lets only the owner or an admin move labels", async () => {
    const { name } = await createPrompt(org.member);
    expect((await moveLabel(org.colleague, name, "staging", "1.0.0")).statusCode).toBe(403);
    expect((await moveLabel(null, name, "staging", "1.0.0")).statusCode).toBe(401);
    expect((await moveLabel(org.admin, name, "staging", "1.0.0")).statusCode).toBe(200);
  });

  it("filters the list by label", async () => {
    const tagged = await createPrompt(org.member);
    const other = await createPrompt(org.member);
    await moveLabel(org.member, tagged.name, "qa-eu", "1.0.0");
    const listed = (await send("GET", "/api/v1/prompts?label=qa-eu&page_size=100", org.colleague)).json();
    expect(listed.items.map((item: { name: string }) => item.name)).toEqual([tagged.name]);
    const latest = (await send("GET", "/api/v1/prompts?label=latest&page_size=100", org.member)).json();
    expect(latest.items.map((item: { name: string }) => item.name)).toContain(other.name);
    expect((await send("GET", "/api/v1/prompts?label=Bad!", org.member)).statusCode).toBe(422);
  });
});

describe("pin routes", () => {
  it("pin by moving production and unpin by clearing it, idempotently", async () => {
    const { name } = await createPrompt(org.member);
    await addVersion(org.member, name, "2.0.0");
    const pinned = await send("POST", `/api/v1/prompts/${name}/rollback/1.0.0`, org.member);
    expect(pinned.statusCode).toBe(200);
    expect(pinned.json()).toMatchObject({
      is_pinned: true,
      labels: { production: "1.0.0" },
      active_version: { version: "1.0.0" },
    });
    const unpinned = await send("DELETE", `/api/v1/prompts/${name}/pin`, org.member);
    expect(unpinned.statusCode).toBe(200);
    expect(unpinned.json()).toMatchObject({ is_pinned: false, labels: {}, active_version: { version: "2.0.0" } });
    const again = await send("DELETE", `/api/v1/prompts/${name}/pin`, org.member);
    expect(again.statusCode).toBe(200);
    expect(again.json().is_pinned).toBe(false);
  });
});

describe("audit events", () => {
  it("record every prompt change in its transaction, under the owner's team", async () => {
    const created = await createPrompt(org.member);
    const { name, id } = created;
    await addVersion(org.member, name, "2.0.0", "Sharper wording");
    await send("PATCH", `/api/v1/prompts/${name}`, org.member, { description: "Now described" });
    await send("PATCH", `/api/v1/prompts/${name}`, org.member, { description: "Now described" });
    await send("DELETE", `/api/v1/prompts/${name}`, org.member);
    await send("POST", `/api/v1/prompts/${name}/restore`, org.member);
    await moveLabel(org.member, name, "staging", "2.0.0");
    await moveLabel(org.member, name, "staging", "1.0.0");
    await send("DELETE", `/api/v1/prompts/${name}/labels/staging`, org.member);
    await send("POST", `/api/v1/prompts/${name}/rollback/1.0.0`, org.member);
    await send("DELETE", `/api/v1/prompts/${name}/pin`, org.member);
    await send("POST", `/api/v1/prompts/${name}/shares`, org.member, { user_id: org.outsider.userId });
    await send("POST", `/api/v1/prompts/${name}/shares`, org.member, { user_id: org.outsider.userId });
    await send("DELETE", `/api/v1/prompts/${name}/shares/${org.outsider.userId}`, org.member);

    const events = await eventsOf(id);
    expect(events.map((event) => [event.action, event.changes])).toEqual([
      [
        "prompt.created",
        {
          before: null,
          after: {
            name,
            description: null,
            visibility: "org",
            version: "1.0.0",
            change_note: "First cut",
            tags: [],
          },
        },
      ],
      [
        "prompt.version_created",
        { before: null, after: { version: "2.0.0", change_note: "Sharper wording", tags: [] } },
      ],
      ["prompt.updated", { before: { description: null }, after: { description: "Now described" } }],
      ["prompt.deprecated", { before: { is_deprecated: false }, after: { is_deprecated: true } }],
      ["prompt.restored", { before: { is_deprecated: true }, after: { is_deprecated: false } }],
      ["prompt.label_moved", { before: { labels: { staging: null } }, after: { labels: { staging: "2.0.0" } } }],
      ["prompt.label_moved", { before: { labels: { staging: "2.0.0" } }, after: { labels: { staging: "1.0.0" } } }],
      ["prompt.label_cleared", { before: { labels: { staging: "1.0.0" } }, after: { labels: { staging: null } } }],
      ["prompt.label_moved", { before: { labels: { production: null } }, after: { labels: { production: "1.0.0" } } }],
      [
        "prompt.label_cleared",
        { before: { labels: { production: "1.0.0" } }, after: { labels: { production: null } } },
      ],
      [
        "prompt.shared",
        { before: null, after: { shared_with: { user_id: org.outsider.userId, username: org.outsider.username } } },
      ],
      [
        "prompt.unshared",
        { before: { shared_with: { user_id: org.outsider.userId, username: org.outsider.username } }, after: null },
      ],
    ]);
    for (const event of events) {
      expect(event).toMatchObject({
        actorUserId: org.member.userId,
        actorType: "user",
        channel: "rest",
        targetType: "prompt",
        targetName: name,
        teamId: org.subTeamId,
      });
    }
  });

  it("record nothing for a change that is refused", async () => {
    const { name, id } = await createPrompt(org.member);
    await moveLabel(org.colleague, name, "staging", "1.0.0");
    await send("POST", `/api/v1/prompts/${name}/shares`, org.member, {
      user_id: "00000000-0000-4000-8000-000000000000",
    });
    expect((await eventsOf(id)).map((event) => event.action)).toEqual(["prompt.created"]);
  });
});
