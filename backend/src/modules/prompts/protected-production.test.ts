import { and, asc, eq } from "drizzle-orm";
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

async function createPrompt(session: Session, userTemplate = "v1 {{ input }}") {
  const name = unique("pp").toLowerCase();
  const response = await send("POST", "/api/v1/prompts", session, {
    name,
    visibility: "org",
    version: { version: "1", user_template: userTemplate },
  });
  expect(response.statusCode, response.body).toBe(201);
  return response.json();
}

const addVersion = async (session: Session, name: string, version: string) => {
  const response = await send("PUT", `/api/v1/prompts/${name}`, session, {
    version,
    user_template: `v${version} {{ input }}`,
  });
  expect(response.statusCode, response.body).toBe(201);
};

const expand = (session: Session | null, name: string, query = "") =>
  send("POST", `/api/v1/expand/${name}${query}`, session, { input: { input: "x" } });

const protect = async (labels: string[]) => {
  const response = await send("PATCH", "/api/v1/settings", org.admin, { protected_labels: labels });
  expect(response.statusCode, response.body).toBe(200);
};

describe("protecting production", () => {
  it("gives every prompt serving its latest version a production label there, changing nothing served", async () => {
    const latest = await createPrompt(org.member);
    await addVersion(org.member, latest.name, "2");
    const pinned = await createPrompt(org.member);
    await addVersion(org.member, pinned.name, "2");
    await send("POST", `/api/v1/prompts/${pinned.name}/rollback/1`, org.member);

    await protect(["production"]);
    try {
      const shown = (await send("GET", `/api/v1/prompts/${latest.name}`, org.member)).json();
      expect(shown).toMatchObject({ labels: { production: "2" }, is_pinned: true, active_version: { version: "2" } });
      expect((await send("GET", `/api/v1/prompts/${pinned.name}`, org.member)).json().labels).toEqual({
        production: "1",
      });
      expect((await expand(org.colleague, latest.name)).json().prompt_version).toBe("2");
      expect((await expand(org.colleague, pinned.name)).json().prompt_version).toBe("1");

      const [event] = await t.database.db
        .select()
        .from(auditEvents)
        .where(and(eq(auditEvents.targetId, latest.id), eq(auditEvents.action, "prompt.label_moved")))
        .orderBy(asc(auditEvents.id));
      expect(event).toMatchObject({
        actorUserId: org.admin.userId,
        teamId: org.subTeamId,
        changes: { before: { labels: { production: null } }, after: { labels: { production: "2" } } },
      });
    } finally {
      await protect([]);
    }
  });
});

describe("while production is protected", () => {
  beforeAll(() => protect(["production"]));
  afterAll(() => protect([]));

  it("a new prompt waits for review: created (201), not served by default, open for approval", async () => {
    const created = await createPrompt(org.member);
    expect(created).toMatchObject({
      labels: {},
      is_pinned: false,
      active_version: null,
      latest_version: { version: "1" },
      pending_change_request_id: expect.any(String),
    });

    const refused = await expand(org.colleague, created.name);
    expect(refused.statusCode).toBe(404);
    expect(refused.json()).toEqual({
      detail: `Prompt '${created.name}' has no version approved for production yet; expand with label=latest to try it`,
      code: "not_in_production",
    });
    const tried = await expand(org.colleague, created.name, "?label=latest");
    expect(tried.statusCode, tried.body).toBe(200);
    expect(tried.json()).toMatchObject({ prompt_version: "1", user_message: "v1 x" });
    expect((await expand(org.colleague, created.name, "?label=production")).json().code).toBe("label_not_found");

    const listed = (await send("GET", `/api/v1/change-requests?prompt=${created.name}`, org.owner)).json();
    expect(listed.items).toHaveLength(1);
    expect(listed.items[0]).toMatchObject({
      id: created.pending_change_request_id,
      title: `Publish '${created.name}' 1 to production`,
      label: "production",
      version: "1",
      base_version: null,
      served_version: null,
      can_approve: true,
    });
    expect(listed.items[0].diff).toContainEqual({ field: "user_template", before: null, after: "v1 {{ input }}" });

    const approved = await send(
      "POST",
      `/api/v1/change-requests/${created.pending_change_request_id}/approve`,
      org.owner,
    );
    expect(approved.statusCode, approved.body).toBe(200);
    const after = (await send("GET", `/api/v1/prompts/${created.name}`, org.member)).json();
    expect(after).toMatchObject({
      labels: { production: "1" },
      active_version: { version: "1" },
      pending_change_request_id: null,
    });
    expect((await expand(org.colleague, created.name)).json().prompt_version).toBe("1");
  });

  it("a new version is served only once production is moved to it through review", async () => {
    const created = await createPrompt(org.member);
    await send("POST", `/api/v1/change-requests/${created.pending_change_request_id}/approve`, org.admin);
    await addVersion(org.member, created.name, "2");
    expect((await expand(org.colleague, created.name)).json().prompt_version).toBe("1");
    const proposal = await send("PUT", `/api/v1/prompts/${created.name}/labels/production`, org.member, {
      version: "2",
    });
    expect(proposal.statusCode, proposal.body).toBe(202);
    expect((await expand(org.colleague, created.name)).json().prompt_version).toBe("1");
    await send("POST", `/api/v1/change-requests/${proposal.json().id}/approve`, org.owner);
    expect((await expand(org.colleague, created.name)).json().prompt_version).toBe("2");
  });

  it("renders an included prompt without an approved version as not found", async () => {
    const pending = await createPrompt(org.member, "inner");
    const outer = await createPrompt(org.member, `outer {{ include_prompt('${pending.name}') }} {{ input }}`);
    await send("POST", `/api/v1/change-requests/${outer.pending_change_request_id}/approve`, org.admin);
    expect((await expand(org.colleague, outer.name)).json().user_message).toBe(
      `outer [include_prompt('${pending.name}'): prompt not found] x`,
    );
    await send("POST", `/api/v1/change-requests/${pending.pending_change_request_id}/approve`, org.admin);
    expect((await expand(org.colleague, outer.name)).json().user_message).toBe("outer inner x");
  });
});
