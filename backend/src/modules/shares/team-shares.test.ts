import type { AddressInfo } from "node:net";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { desc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditEvents, userTeams } from "../../db/schema.js";
import { eventStreamsOn } from "../../mcp/event-stream.js";
import { connectWatching } from "../../test/event-streams.js";
import { createTeamRow, createUserSession, registerAdmin, type Session, unique } from "../../test/factories.js";
import { createTestContext, type TestContext } from "../../test/harness.js";

/**
 * Sharing with a team: a share with a team reaches every member of it (whichever of their teams
 * it is), and with `include_subteams` the members of every team below it, through every door a
 * user share opens: lists, search, details, expansion, include_prompt, workflows and MCP.
 *
 * The tree: root (admin) → team A → sub-team A1; team C beside A. The owner is in C; `member`
 * in A; `subMember` in A1; `outsider` in C; `secondary` has C as primary team and A as another.
 */

let t: TestContext;
let baseUrl: string;
let admin: Session;
let owner: Session;
let member: Session;
let subMember: Session;
let outsider: Session;
let secondary: Session;
let teamA: string;
let teamA1: string;
let teamC: string;
const keys = new Map<Session, string>();

type Method = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

function send(session: Session | null, method: Method, url: string, payload?: object) {
  return t.app.inject({ method, url: `/api/v1${url}`, headers: session?.auth ?? {}, ...(payload ? { payload } : {}) });
}

async function api(session: Session, method: Method, url: string, payload?: object) {
  const response = await send(session, method, url, payload);
  if (response.statusCode >= 300) throw new Error(`${method} ${url}: ${response.statusCode} ${response.body}`);
  return response.statusCode === 204 ? null : response.json();
}

async function newPrompt(session: Session, options: { template?: string; visibility?: string } = {}) {
  const name = unique("team-shared").toLowerCase();
  await api(session, "POST", "/prompts", {
    name,
    description: `Shared with teams ${name}`,
    visibility: options.visibility ?? "private",
    version: { version: "1", user_template: options.template ?? "Hello {{ input }}", tags: ["team-share-tag"] },
  });
  return name;
}

async function listedNames(session: Session, query = ""): Promise<string[]> {
  const body = await api(session, "GET", `/prompts?page_size=100${query}`);
  return body.items.map((item: { name: string }) => item.name);
}

/** Whether the prompt is visible to `session` through the list, search, detail and expansion. */
async function sees(session: Session, name: string): Promise<boolean[]> {
  const [listed, searched, detail, expanded] = await Promise.all([
    listedNames(session),
    listedNames(session, `&q=${name}`),
    send(session, "GET", `/prompts/${name}`),
    send(session, "POST", `/expand/${name}`, { input: { input: "x" } }),
  ]);
  return [listed.includes(name), searched.includes(name), detail.statusCode === 200, expanded.statusCode === 200];
}
const VISIBLE = [true, true, true, true];
const HIDDEN = [false, false, false, false];

const shareWithTeam = (name: string, teamId: string, includeSubteams?: boolean) =>
  api(owner, "POST", `/prompts/${name}/shares`, {
    team_id: teamId,
    ...(includeSubteams === undefined ? {} : { include_subteams: includeSubteams }),
  });

async function mcpClient(session: Session) {
  let key = keys.get(session);
  if (!key) {
    key = (await api(session, "POST", "/api-keys", { name: unique("key"), scopes: ["read", "expand"] }))
      .raw_key as string;
    keys.set(session, key);
  }
  const transport = new StreamableHTTPClientTransport(new URL(`${baseUrl}/mcp`), {
    requestInit: { headers: { authorization: `Bearer ${key}` } },
  });
  const client = new Client({ name: "team-shares-test", version: "1.0.0" });
  await client.connect(transport);
  return client;
}

async function toolText(client: Client, name: string, args: Record<string, unknown> = {}) {
  const result = (await client.callTool({ name, arguments: args })) as CallToolResult;
  const [first] = result.content;
  return first?.type === "text" ? first.text : "";
}

/** What MCP shows the caller: sh-list, sh-search and the native prompts list. */
async function mcpSees(session: Session, name: string): Promise<boolean[]> {
  const client = await mcpClient(session);
  try {
    const listed = await toolText(client, "sh-list");
    const searched = await toolText(client, "sh-search", { query: name });
    const { prompts } = await client.listPrompts();
    const found = searched.includes(name) && !searched.startsWith("No prompts matching");
    return [listed.includes(name), found, prompts.some((prompt) => prompt.name === name)];
  } finally {
    await client.close();
  }
}

beforeAll(async () => {
  t = await createTestContext();
  await t.app.listen({ port: 0, host: "127.0.0.1" });
  baseUrl = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
  const db = t.database.db;
  admin = await registerAdmin(t.app);
  teamA = (await createTeamRow(db, { parentTeamId: admin.teamId, name: "Team A" })).id;
  teamA1 = (await createTeamRow(db, { parentTeamId: teamA, name: "Team A1" })).id;
  teamC = (await createTeamRow(db, { parentTeamId: admin.teamId, name: "Team C" })).id;
  owner = await createUserSession(t.app, db, { teamId: teamC });
  member = await createUserSession(t.app, db, { teamId: teamA });
  subMember = await createUserSession(t.app, db, { teamId: teamA1 });
  outsider = await createUserSession(t.app, db, { teamId: teamC });
  secondary = await createUserSession(t.app, db, { teamId: teamC });
  await db.insert(userTeams).values({ userId: secondary.userId, teamId: teamA, position: 1 });
});

afterAll(async () => {
  await t?.close();
});

describe("sharing with a team: the request", () => {
  it("needs exactly one of user_id and team_id, and include_subteams only with a team (422)", async () => {
    const name = await newPrompt(owner);
    const cases: [object, string][] = [
      [{}, "Give user_id (share with a person) or team_id (share with a team)"],
      [{ user_id: member.userId, team_id: teamA }, "Give either user_id or team_id, not both"],
      [{ user_id: member.userId, include_subteams: true }, "include_subteams applies to team shares only"],
      [{ team_id: "not-a-uuid" }, "team_id must be a UUID"],
      [{ team_id: teamA, include_subteams: "yes" }, "include_subteams must be true or false"],
    ];
    for (const [body, message] of cases) {
      const response = await send(owner, "POST", `/prompts/${name}/shares`, body);
      expect(response.statusCode, JSON.stringify(body)).toBe(422);
      expect(response.body).toContain(message);
    }
    const workflow = await api(owner, "POST", "/workflows", { name: unique("flow"), visibility: "private", steps: [] });
    const both = await send(owner, "POST", `/workflows/${workflow.id}/shares`, {
      user_id: member.userId,
      team_id: teamA,
    });
    expect(both.statusCode).toBe(422);
    expect(both.body).toContain("Give either user_id or team_id, not both");
  });

  it("answers 404 for an unknown team, and only the owner or an admin may share (403)", async () => {
    const name = await newPrompt(owner);
    const unknown = await send(owner, "POST", `/prompts/${name}/shares`, { team_id: crypto.randomUUID() });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().detail).toBe("Team not found");
    await shareWithTeam(name, teamA);
    expect((await send(member, "POST", `/prompts/${name}/shares`, { team_id: teamA1 })).statusCode).toBe(403);
    expect((await send(member, "DELETE", `/prompts/${name}/shares/teams/${teamA}`)).statusCode).toBe(403);
    expect((await send(admin, "POST", `/prompts/${name}/shares`, { team_id: teamC })).statusCode).toBe(201);
  });

  it("lists user and team shares together, each saying which it is, and records who shared with which team", async () => {
    const name = await newPrompt(owner);
    const userShare = await api(owner, "POST", `/prompts/${name}/shares`, { user_id: outsider.userId });
    const teamShare = await shareWithTeam(name, teamA, true);
    expect(userShare).toMatchObject({
      kind: "user",
      user_id: outsider.userId,
      username: outsider.username,
      team_id: null,
      include_subteams: false,
    });
    expect(teamShare).toMatchObject({
      kind: "team",
      user_id: null,
      username: null,
      team_id: teamA,
      team_name: "Team A",
      include_subteams: true,
    });
    const listed = await api(owner, "GET", `/prompts/${name}/shares`);
    expect(listed.map((share: { kind: string }) => share.kind)).toEqual(["user", "team"]);
    // Sharing again is idempotent, and changes nothing but include_subteams.
    expect((await shareWithTeam(name, teamA, true)).id).toBe(teamShare.id);
    expect(await shareWithTeam(name, teamA)).toMatchObject({ id: teamShare.id, include_subteams: false });

    await api(owner, "DELETE", `/prompts/${name}/shares/teams/${teamA}`);
    expect((await send(owner, "DELETE", `/prompts/${name}/shares/teams/${teamA}`)).statusCode).toBe(404);
    expect((await api(owner, "GET", `/prompts/${name}/shares`)).map((s: { kind: string }) => s.kind)).toEqual(["user"]);

    const events = await t.database.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.targetName, name))
      .orderBy(desc(auditEvents.occurredAt), desc(auditEvents.id));
    const teamEvents = events.filter((event) => JSON.stringify(event.changes).includes(teamA));
    expect(teamEvents.map((event) => event.action)).toEqual(["prompt.unshared", "prompt.shared", "prompt.shared"]);
    expect(teamEvents[2]?.changes).toMatchObject({
      after: { shared_with: { team_id: teamA, team_name: "Team A", include_subteams: true } },
    });
    expect(teamEvents[1]?.changes).toMatchObject({
      before: { shared_with: { include_subteams: true } },
      after: { shared_with: { include_subteams: false } },
    });
  });
});

describe("what a team share lets its members see", () => {
  it("reaches the team's members, including those for whom it is not the primary team, and nobody else", async () => {
    const name = await newPrompt(owner);
    expect(await sees(member, name)).toEqual(HIDDEN);
    await shareWithTeam(name, teamA);
    expect(await sees(member, name)).toEqual(VISIBLE);
    expect(await sees(secondary, name)).toEqual(VISIBLE);
    expect(await sees(subMember, name)).toEqual(HIDDEN);
    expect(await sees(outsider, name)).toEqual(HIDDEN);
    // `?user_id=` keeps meaning "owned by or shared with that user".
    expect(await listedNames(admin, `&user_id=${member.userId}`)).toContain(name);
    expect(await listedNames(admin, `&user_id=${outsider.userId}`)).not.toContain(name);
    const detail = await api(member, "GET", `/prompts/${name}`);
    expect(detail.name).toBe(name);
  });

  it("reaches the teams below only with include_subteams, and a revoked share reaches nobody", async () => {
    const name = await newPrompt(owner);
    await shareWithTeam(name, teamA, true);
    expect(await sees(subMember, name)).toEqual(VISIBLE);
    expect(await sees(member, name)).toEqual(VISIBLE);
    expect(await sees(outsider, name)).toEqual(HIDDEN);
    await shareWithTeam(name, teamA, false);
    expect(await sees(subMember, name)).toEqual(HIDDEN);
    expect(await sees(member, name)).toEqual(VISIBLE);
    // Shared with the sub-team alone: the team above does not see it.
    const below = await newPrompt(owner);
    await shareWithTeam(below, teamA1, true);
    expect(await sees(subMember, below)).toEqual(VISIBLE);
    expect(await sees(member, below)).toEqual(HIDDEN);

    await api(owner, "DELETE", `/prompts/${name}/shares/teams/${teamA}`);
    expect(await sees(member, name)).toEqual(HIDDEN);
    expect(await sees(secondary, name)).toEqual(HIDDEN);
  });

  it("lets include_prompt pull in a prompt shared with the caller's team", async () => {
    const included = await newPrompt(owner, { template: "House style for {{ input }}" });
    const outer = await newPrompt(owner, { visibility: "org", template: `Start. {{ include_prompt('${included}') }}` });
    const render = async (session: Session) =>
      (await api(session, "POST", `/expand/${outer}`, { input: { input: "docs" } })).user_message as string;
    expect(await render(member)).toContain(`[include_prompt('${included}'): prompt not found]`);
    await shareWithTeam(included, teamA, true);
    expect(await render(member)).toBe("Start. House style for docs");
    expect(await render(subMember)).toBe("Start. House style for docs");
    expect(await render(outsider)).toContain(`[include_prompt('${included}'): prompt not found]`);
    await api(owner, "DELETE", `/prompts/${included}/shares/teams/${teamA}`);
    expect(await render(member)).toContain(`[include_prompt('${included}'): prompt not found]`);
  });

  it("shows a team-shared prompt to members over MCP: sh-list, sh-search and prompts/list", async () => {
    const name = await newPrompt(owner);
    await shareWithTeam(name, teamA, true);
    expect(await mcpSees(member, name)).toEqual([true, true, true]);
    expect(await mcpSees(subMember, name)).toEqual([true, true, true]);
    expect(await mcpSees(outsider, name)).toEqual([false, false, false]);
    await api(owner, "DELETE", `/prompts/${name}/shares/teams/${teamA}`);
    expect(await mcpSees(member, name)).toEqual([false, false, false]);
  });

  it("tells a member's live MCP list when a team share appears and when it goes", async () => {
    await mcpClient(member);
    const watcher = await connectWatching(`${baseUrl}/mcp`, keys.get(member) as string);
    const promptNames = async () => (await watcher.client.listPrompts()).prompts.map((prompt) => prompt.name);
    const name = await newPrompt(owner);
    await shareWithTeam(name, teamA);
    await watcher.untilNotified("prompts", 1);
    expect(await promptNames()).toContain(name);
    await api(owner, "DELETE", `/prompts/${name}/shares/teams/${teamA}`);
    await watcher.untilNotified("prompts", 2);
    expect(await promptNames()).not.toContain(name);
    await watcher.client.close();
    await t.changesSeen();
    await eventStreamsOn(t.app.server)?.settled();
  });
});

describe("workflows shared with a team", () => {
  it("lets members (and, with include_subteams, those below) list, open and run it; revocation ends it", async () => {
    const prompt = await newPrompt(owner, { visibility: "org" });
    const workflow = await api(owner, "POST", "/workflows", {
      name: unique("team-flow"),
      visibility: "private",
      steps: [{ id: "greet", prompt_name: prompt, prompt_version: null, depends_on: [] }],
    });
    const listed = async (session: Session) =>
      ((await api(session, "GET", "/workflows")) as { id: string }[]).some((item) => item.id === workflow.id);
    const access = async (session: Session) => [
      await listed(session),
      (await send(session, "GET", `/workflows/${workflow.id}`)).statusCode === 200,
      (await send(session, "POST", `/workflows/${workflow.id}/run`, { input: { input: "x" } })).statusCode === 200,
    ];
    expect(await access(member)).toEqual([false, false, false]);

    const share = await api(owner, "POST", `/workflows/${workflow.id}/shares`, { team_id: teamA });
    expect(share).toMatchObject({ kind: "team", team_id: teamA, include_subteams: false });
    expect(await access(member)).toEqual([true, true, true]);
    expect(await access(secondary)).toEqual([true, true, true]);
    expect(await access(subMember)).toEqual([false, false, false]);
    expect(await access(outsider)).toEqual([false, false, false]);
    // A member may use it, not share it further or change who it is shared with.
    expect((await send(member, "POST", `/workflows/${workflow.id}/shares`, { team_id: teamC })).statusCode).toBe(403);

    await api(owner, "POST", `/workflows/${workflow.id}/shares`, { team_id: teamA, include_subteams: true });
    expect(await access(subMember)).toEqual([true, true, true]);
    await api(owner, "POST", `/workflows/${workflow.id}/shares`, { user_id: outsider.userId });
    const shares = await api(owner, "GET", `/workflows/${workflow.id}/shares`);
    expect(
      shares.map((item: { kind: string; include_subteams: boolean }) => [item.kind, item.include_subteams]),
    ).toEqual([
      ["team", true],
      ["user", false],
    ]);

    expect((await send(owner, "DELETE", `/workflows/${workflow.id}/shares/teams/${teamA}`)).statusCode).toBe(204);
    expect((await send(owner, "DELETE", `/workflows/${workflow.id}/shares/teams/${teamA}`)).statusCode).toBe(404);
    expect(await access(member)).toEqual([false, false, false]);
    expect(await access(subMember)).toEqual([false, false, false]);
    expect(await access(outsider)).toEqual([true, true, true]);
  });
});
