import { asc, eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { auditEvents } from "../../db/schema.js";
import {
  createGovernanceOrg,
  createTeamRow,
  createUserSession,
  type GovernanceOrg,
  type Session,
  sender,
  unique,
} from "../../test/factories.js";
import { createTestContext, type TestContext } from "../../test/harness.js";

let t: TestContext;
let org: GovernanceOrg;
let send: ReturnType<typeof sender>;
/** In the prompt owner's team, owning a team below it: manages nothing the change belongs to. */
let lowerOwner: Session;

beforeAll(async () => {
  t = await createTestContext();
  send = sender(t.app);
  org = await createGovernanceOrg(t.app, t.database.db);
  lowerOwner = await createUserSession(t.app, t.database.db, { teamId: org.subTeamId });
  await createTeamRow(t.database.db, { parentTeamId: org.subTeamId, ownerId: lowerOwner.userId });
  const protectedLabels = await send("PATCH", "/api/v1/settings", org.admin, { protected_labels: ["staging"] });
  expect(protectedLabels.statusCode, protectedLabels.body).toBe(200);
});
afterAll(async () => t?.close());

type Prompt = { name: string; id: string };
let prompt: Prompt;

/** A prompt of `member` (in the sub-team, below the owned team) with versions 1, 2 and 3, staging on 1. */
async function createStagedPrompt(): Promise<Prompt> {
  const name = unique("cr").toLowerCase();
  const created = await send("POST", "/api/v1/prompts", org.member, {
    name,
    visibility: "private",
    version: { version: "1", system_template: "Be brief.", user_template: "{{ input }}", tags: ["a"] },
  });
  expect(created.statusCode, created.body).toBe(201);
  for (const [version, note] of [
    ["2", "Adds a tone"],
    ["3", null],
  ]) {
    const added = await send("PUT", `/api/v1/prompts/${name}`, org.member, {
      version,
      system_template: "Be brief and kind.",
      user_template: `{{ input }} v${version}`,
      input_schema: { type: "object", properties: { input: { type: "string" } } },
      tags: ["a", "b"],
      change_note: note,
    });
    expect(added.statusCode, added.body).toBe(201);
  }
  // staging is protected: put it on 1 through a request the admin approves.
  const proposed = await propose(org.member, name, "1");
  await approve(org.admin, proposed.id);
  return { name, id: created.json().id };
}

async function propose(session: Session, name: string, version: string, comment?: string) {
  const response = await send("PUT", `/api/v1/prompts/${name}/labels/staging`, session, {
    version,
    ...(comment ? { comment } : {}),
  });
  expect(response.statusCode, response.body).toBe(202);
  return response.json();
}

const approve = async (session: Session, id: string, body: Record<string, unknown> = {}) => {
  const response = await send("POST", `/api/v1/change-requests/${id}/approve`, session, body);
  expect(response.statusCode, response.body).toBe(200);
  return response.json();
};

const stagingOf = async (name: string) =>
  (await send("GET", `/api/v1/prompts/${name}`, org.admin)).json().labels.staging ?? null;

const eventsOf = (targetId: string) =>
  t.database.db.select().from(auditEvents).where(eq(auditEvents.targetId, targetId)).orderBy(asc(auditEvents.id));

beforeEach(async () => {
  prompt = await createStagedPrompt();
});

describe("proposing a move of a protected label", () => {
  it("opens a change request (202) with the diff against what the label serves, and moves nothing", async () => {
    const request = await propose(org.member, prompt.name, "2", "Ready for QA");
    expect(request).toMatchObject({
      kind: "label",
      state: "open",
      title: `Move 'staging' of '${prompt.name}' to 2`,
      author: { id: org.member.userId, username: org.member.username, display_name: null },
      decided_by: null,
      decided_at: null,
      reason: null,
      prompt: { id: prompt.id, name: prompt.name },
      label: "staging",
      version: "2",
      base_version: "1",
      served_version: "1",
      team: null,
      proposal: null,
      comment_count: 1,
      can_approve: false,
      can_reject: false,
      can_withdraw: true,
    });
    expect(request.diff).toEqual([
      { field: "system_template", before: "Be brief.", after: "Be brief and kind." },
      { field: "user_template", before: "{{ input }}", after: "{{ input }} v2" },
      {
        field: "input_schema",
        before: JSON.stringify(
          {
            type: "object",
            properties: { input: { type: "string", description: "Free-text input" } },
            required: ["input"],
          },
          null,
          2,
        ),
        after: JSON.stringify({ type: "object", properties: { input: { type: "string" } } }, null, 2),
      },
      { field: "tags", before: "a", after: "a, b" },
      { field: "change_note", before: null, after: "Adds a tone" },
    ]);
    expect(await stagingOf(prompt.name)).toBe("1");

    const fetched = (await send("GET", `/api/v1/change-requests/${request.id}`, org.owner)).json();
    expect(fetched).toMatchObject({ can_approve: true, can_reject: true, can_withdraw: false });
    expect(fetched.comments).toEqual([
      {
        id: expect.any(String),
        author: { id: org.member.userId, username: org.member.username, display_name: null },
        body: "Ready for QA",
        created_at: expect.any(String),
      },
    ]);
  });

  it("answers 200 without a request when the label is already on that version", async () => {
    const response = await send("PUT", `/api/v1/prompts/${prompt.name}/labels/staging`, org.member, { version: "1" });
    expect(response.statusCode).toBe(200);
    const listed = (await send("GET", `/api/v1/change-requests?prompt=${prompt.name}&state=open`, org.admin)).json();
    expect(listed.total).toBe(0);
  });

  it("opens a request to clear the label, with version null", async () => {
    const response = await send("DELETE", `/api/v1/prompts/${prompt.name}/labels/staging`, org.member);
    expect(response.statusCode, response.body).toBe(202);
    expect(response.json()).toMatchObject({ version: null, base_version: "1", served_version: "1" });
    expect(response.json().diff.map((entry: { field: string }) => entry.field)).toContain("user_template");
    await approve(org.owner, response.json().id);
    expect(await stagingOf(prompt.name)).toBeNull();
  });
});

describe("approving", () => {
  it("moves the label in the same transaction and records who decided", async () => {
    const request = await propose(org.member, prompt.name, "2");
    const approved = await approve(org.owner, request.id, { comment: "Looks good" });
    expect(approved).toMatchObject({
      state: "approved",
      decided_by: { id: org.owner.userId },
      decided_at: expect.any(String),
      served_version: "2",
      diff: [],
      comment_count: 1,
      can_approve: false,
      can_withdraw: false,
    });
    expect(await stagingOf(prompt.name)).toBe("2");
    const expanded = await send("POST", `/api/v1/expand/${prompt.name}?label=staging`, org.member, {
      input: { input: "hi" },
    });
    expect(expanded.json()).toMatchObject({ prompt_version: "2", user_message: "hi v2" });

    const again = await send("POST", `/api/v1/change-requests/${request.id}/approve`, org.admin, {});
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe("change_request_closed");
  });

  it("refuses the author, even an admin author, with 403 author_cannot_approve", async () => {
    const request = await propose(org.member, prompt.name, "2");
    const byAuthor = await send("POST", `/api/v1/change-requests/${request.id}/approve`, org.member);
    expect(byAuthor.statusCode, byAuthor.body).toBe(403);
    expect(byAuthor.json()).toEqual({
      detail: "You proposed this change: someone else must approve it",
      code: "author_cannot_approve",
    });

    const byAdmin = await propose(org.admin, prompt.name, "3");
    const adminSelf = await send("POST", `/api/v1/change-requests/${byAdmin.id}/approve`, org.admin, {});
    expect(adminSelf.statusCode).toBe(403);
    expect(adminSelf.json().code).toBe("author_cannot_approve");
    expect(await stagingOf(prompt.name)).toBe("1");
  });

  it("lets owners of the prompt owner's team or a team above approve, and nobody else", async () => {
    // The colleague shares the team without owning it, the lower owner owns a team below it,
    // the outsider is in a sibling team: none may decide; the request stays hidden from the outsider.
    const request = await propose(org.member, prompt.name, "2");
    const colleague = await send("POST", `/api/v1/change-requests/${request.id}/approve`, org.colleague, {});
    expect(colleague.statusCode).toBe(404);
    await send("POST", `/api/v1/prompts/${prompt.name}/shares`, org.member, { user_id: org.colleague.userId });
    const sharee = await send("POST", `/api/v1/change-requests/${request.id}/approve`, org.colleague, {});
    expect(sharee.statusCode).toBe(403);
    expect(sharee.json().code).toBe("review_forbidden");
    const lower = await send("POST", `/api/v1/change-requests/${request.id}/reject`, lowerOwner, { reason: "no" });
    expect(lower.statusCode).toBe(404);
    const outsider = await send("POST", `/api/v1/change-requests/${request.id}/approve`, org.outsider, {});
    expect(outsider.statusCode).toBe(404);
    expect((await send("GET", `/api/v1/change-requests/${request.id}`, org.outsider)).statusCode).toBe(404);
    // Once the prompt is visible to the whole organization, the outsider sees the request but may not decide.
    await send("PATCH", `/api/v1/prompts/${prompt.name}`, org.member, { visibility: "org" });
    const seen = (await send("GET", `/api/v1/change-requests/${request.id}`, org.outsider)).json();
    expect(seen).toMatchObject({ id: request.id, can_approve: false, can_reject: false });
    const visibleOutsider = await send("POST", `/api/v1/change-requests/${request.id}/approve`, org.outsider);
    expect(visibleOutsider.statusCode).toBe(403);
    expect(visibleOutsider.json().code).toBe("review_forbidden");
    expect(await stagingOf(prompt.name)).toBe("1");

    await approve(org.owner, request.id);
    expect(await stagingOf(prompt.name)).toBe("2");
  });
});

describe("staleness", () => {
  it("marks a request stale when the label moved since, and applies it once re-confirmed", async () => {
    const first = await propose(org.member, prompt.name, "2");
    const second = await propose(org.member, prompt.name, "3");
    await approve(org.owner, first.id);

    const stale = (await send("GET", `/api/v1/change-requests/${second.id}`, org.owner)).json();
    expect(stale).toMatchObject({ state: "stale", base_version: "1", served_version: "2", can_approve: true });
    expect(stale.diff.map((entry: { field: string }) => entry.field)).toEqual(["user_template", "change_note"]);

    const refused = await send("POST", `/api/v1/change-requests/${second.id}/approve`, org.owner, {});
    expect(refused.statusCode).toBe(409);
    expect(refused.json().code).toBe("change_request_stale");
    expect(await stagingOf(prompt.name)).toBe("2");

    const confirmed = await approve(org.owner, second.id, { confirm_stale: true });
    expect(confirmed).toMatchObject({ state: "approved", served_version: "3" });
    expect(await stagingOf(prompt.name)).toBe("3");
  });

  it("marks an open request stale on approval when the label moved by another way", async () => {
    const request = await propose(org.member, prompt.name, "2");
    // An admin unprotects staging, moves it directly, and protects it again.
    await send("PATCH", "/api/v1/settings", org.admin, { protected_labels: [] });
    expect(
      (await send("PUT", `/api/v1/prompts/${prompt.name}/labels/staging`, org.admin, { version: "3" })).statusCode,
    ).toBe(200);
    await send("PATCH", "/api/v1/settings", org.admin, { protected_labels: ["staging"] });

    const refused = await send("POST", `/api/v1/change-requests/${request.id}/approve`, org.owner, {});
    expect(refused.statusCode).toBe(409);
    expect(refused.json().code).toBe("change_request_stale");
    const after = (await send("GET", `/api/v1/change-requests/${request.id}`, org.owner)).json();
    expect(after).toMatchObject({ state: "stale", served_version: "3" });
  });
});

describe("rejecting and withdrawing", () => {
  it("rejects with a reason, for reviewers only, and leaves the label", async () => {
    const request = await propose(org.member, prompt.name, "2");
    const noReason = await send("POST", `/api/v1/change-requests/${request.id}/reject`, org.owner, { reason: "" });
    expect(noReason.statusCode).toBe(422);
    const byAuthor = await send("POST", `/api/v1/change-requests/${request.id}/reject`, org.member, {
      reason: "never mind",
    });
    expect(byAuthor.statusCode, byAuthor.body).toBe(403);
    const rejected = await send("POST", `/api/v1/change-requests/${request.id}/reject`, org.owner, {
      reason: "Tone is off",
    });
    expect(rejected.statusCode, rejected.body).toBe(200);
    expect(rejected.json()).toMatchObject({
      state: "rejected",
      reason: "Tone is off",
      decided_by: { id: org.owner.userId },
    });
    expect(await stagingOf(prompt.name)).toBe("1");
    const approveAfter = await send("POST", `/api/v1/change-requests/${request.id}/approve`, org.admin, {});
    expect(approveAfter.json().code).toBe("change_request_closed");
  });

  it("lets only the author withdraw", async () => {
    const request = await propose(org.member, prompt.name, "2");
    const byOwner = await send("POST", `/api/v1/change-requests/${request.id}/withdraw`, org.owner);
    expect(byOwner.statusCode).toBe(403);
    const withdrawn = await send("POST", `/api/v1/change-requests/${request.id}/withdraw`, org.member);
    expect(withdrawn.statusCode, withdrawn.body).toBe(200);
    expect(withdrawn.json()).toMatchObject({ state: "withdrawn", can_withdraw: false, can_approve: false });
    const again = await send("POST", `/api/v1/change-requests/${request.id}/withdraw`, org.member);
    expect(again.statusCode).toBe(409);
    expect(await stagingOf(prompt.name)).toBe("1");
  });
});

describe("comments", () => {
  it("are added by anyone who can see the request, and not by others", async () => {
    const request = await propose(org.member, prompt.name, "2");
    const comment = await send("POST", `/api/v1/change-requests/${request.id}/comments`, org.owner, {
      body: "Why the tone?",
    });
    expect(comment.statusCode, comment.body).toBe(201);
    expect(comment.json()).toMatchObject({ author: { id: org.owner.userId }, body: "Why the tone?" });
    expect(
      (await send("POST", `/api/v1/change-requests/${request.id}/comments`, org.outsider, { body: "hi" })).statusCode,
    ).toBe(404);
    expect(
      (await send("POST", `/api/v1/change-requests/${request.id}/comments`, org.owner, { body: " " })).statusCode,
    ).toBe(422);
    const fetched = (await send("GET", `/api/v1/change-requests/${request.id}`, org.member)).json();
    expect(fetched.comment_count).toBe(1);
    expect(fetched.comments.map((c: { body: string }) => c.body)).toEqual(["Why the tone?"]);
  });

  it("take up to 10,000 characters wherever they are written; a rejection's reason up to 2,000", async () => {
    const longest = "c".repeat(10_000);
    const request = await propose(org.member, prompt.name, "2", longest);
    const base = `/api/v1/change-requests/${request.id}`;
    const tooLong = await send("POST", `${base}/comments`, org.owner, { body: `${longest}c` });
    expect(tooLong.statusCode).toBe(422);
    expect(tooLong.json().detail[0].loc).toEqual(["body", "body"]);
    expect((await send("POST", `${base}/comments`, org.owner, { body: longest })).statusCode).toBe(201);
    const emptyApproval = await send("POST", `${base}/approve`, org.owner, { comment: " " });
    expect(emptyApproval.json().detail[0]).toMatchObject({ loc: ["body", "comment"], msg: "must not be empty" });
    const longReason = await send("POST", `${base}/reject`, org.owner, { reason: "r".repeat(2001) });
    expect(longReason.json().detail[0].loc).toEqual(["body", "reason"]);
    const rejected = await send("POST", `${base}/reject`, org.owner, { reason: "r".repeat(2000) });
    expect(rejected.statusCode, rejected.body).toBe(200);
    const thread = (await send("GET", base, org.member)).json().comments.map((c: { body: string }) => c.body);
    expect(thread).toEqual([longest, longest]);
  });
});

describe("listing", () => {
  it("filters by state, prompt, mine and to_review, newest first, with pages", async () => {
    const first = await propose(org.member, prompt.name, "2");
    const second = await propose(org.member, prompt.name, "3");
    const list = async (session: Session, query: string) => {
      const response = await send("GET", `/api/v1/change-requests?prompt=${prompt.name}&${query}`, session);
      expect(response.statusCode, response.body).toBe(200);
      return response.json();
    };
    const open = await list(org.owner, "state=open");
    expect(open).toMatchObject({ total: 2, page: 1, page_size: 20 });
    expect(open.items.map((item: { id: string }) => item.id)).toEqual([second.id, first.id]);
    expect(open.items[0]).not.toHaveProperty("comments");

    const paged = await list(org.owner, "state=open&page=2&page_size=1");
    expect(paged).toMatchObject({ total: 2, page: 2, page_size: 1 });
    expect(paged.items.map((item: { id: string }) => item.id)).toEqual([first.id]);

    expect((await list(org.owner, "to_review=true")).total).toBe(2);
    expect((await list(org.member, "to_review=true")).total).toBe(0);
    expect((await list(org.member, "mine=true&state=open")).total).toBe(2);
    expect((await list(org.owner, "mine=true")).total).toBe(0);
    expect((await list(org.outsider, "state=open")).total).toBe(0);
    // The request that put staging on 1 when the prompt was set up.
    expect((await list(org.admin, "state=approved")).total).toBe(1);

    const inbox = (await send("GET", "/api/v1/change-requests?to_review=true&page_size=100", org.owner)).json();
    expect(inbox.items.map((item: { id: string }) => item.id)).toEqual(expect.arrayContaining([first.id, second.id]));
    expect((await send("GET", "/api/v1/change-requests?state=nope", org.owner)).statusCode).toBe(422);
    expect((await send("GET", "/api/v1/change-requests", null)).statusCode).toBe(401);
  });
});

describe("pin routes on a protected production", () => {
  it("answer 202 with the change request", async () => {
    await send("PATCH", "/api/v1/settings", org.admin, { protected_labels: ["production", "staging"] });
    try {
      const pin = await send("POST", `/api/v1/prompts/${prompt.name}/rollback/1`, org.member);
      expect(pin.statusCode, pin.body).toBe(202);
      // Protecting production put it on the latest version, so nothing served changed.
      expect(pin.json()).toMatchObject({ label: "production", version: "1", base_version: "3", state: "open" });
      const unpin = await send("DELETE", `/api/v1/prompts/${prompt.name}/pin`, org.member);
      expect(unpin.statusCode, unpin.body).toBe(202);
      expect(unpin.json()).toMatchObject({ label: "production", version: null, base_version: "3" });
    } finally {
      await send("PATCH", "/api/v1/settings", org.admin, { protected_labels: ["staging"] });
    }
  });
});

describe("audit events", () => {
  it("record each action on a request, and the label move its approval makes", async () => {
    const request = await propose(org.member, prompt.name, "2", "Please review");
    await send("POST", `/api/v1/change-requests/${request.id}/comments`, org.owner, { body: "On it" });
    await approve(org.owner, request.id);
    const rejected = await propose(org.member, prompt.name, "3");
    await send("POST", `/api/v1/change-requests/${rejected.id}/reject`, org.owner, { reason: "Not yet" });
    const withdrawn = await propose(org.member, prompt.name, "3");
    await send("POST", `/api/v1/change-requests/${withdrawn.id}/withdraw`, org.member);

    const summary = async (id: string) =>
      (await eventsOf(id)).map((event) => ({
        action: event.action,
        actor: event.actorUserId,
        team: event.teamId,
        changes: event.changes,
      }));
    expect(await summary(request.id)).toEqual([
      {
        action: "change_request.opened",
        actor: org.member.userId,
        team: org.subTeamId,
        changes: {
          before: null,
          after: { kind: "label", title: request.title, label: "staging", comment: "Please review" },
        },
      },
      {
        action: "change_request.commented",
        actor: org.owner.userId,
        team: org.subTeamId,
        changes: { before: null, after: { comment: "On it" } },
      },
      {
        action: "change_request.approved",
        actor: org.owner.userId,
        team: org.subTeamId,
        changes: { before: { state: "open" }, after: { state: "approved" } },
      },
    ]);
    expect((await summary(rejected.id)).map((event) => [event.action, event.changes])).toEqual([
      ["change_request.opened", expect.anything()],
      [
        "change_request.rejected",
        { before: { state: "open", reason: null }, after: { state: "rejected", reason: "Not yet" } },
      ],
    ]);
    expect((await summary(withdrawn.id)).map((event) => event.action)).toEqual([
      "change_request.opened",
      "change_request.withdrawn",
    ]);
    const moves = (await eventsOf(prompt.id)).filter((event) => event.action === "prompt.label_moved");
    expect(moves.at(-1)).toMatchObject({
      actorUserId: org.owner.userId,
      changes: { before: { labels: { staging: "1" } }, after: { labels: { staging: "2" } } },
    });
  });
});
