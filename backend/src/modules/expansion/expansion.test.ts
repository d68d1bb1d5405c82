import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "../../db/client.js";
import * as schema from "../../db/schema.js";
import {
  type ApiKeyScope,
  type EnforcementType,
  objectives,
  policies,
  projectMembers,
  projects,
  promptShares,
  prompts,
  promptUsage,
  promptVersions,
  type Visibility,
} from "../../db/schema.js";
import { randomToken, sha256Hex } from "../../lib/crypto.js";
import { countingDb } from "../../test/counting-db.js";
import { createTeamRow, createUserSession, registerAdmin, type Session, unique } from "../../test/factories.js";
import { createTestContext, type TestContext } from "../../test/harness.js";
import { createApiKey } from "../api-keys/api-keys.repository.js";
import { toAuthUser } from "../auth/principal.js";
import { findUserById } from "../users/users.repository.js";
import { resolveExpansion } from "./expansion.service.js";

let t: TestContext;
let db: Db;
let admin: Session;
/** parentTeam (inherited governance) → team (local governance) → member; `stranger` sits in a sibling team. */
let parentTeam: { id: string };
let team: { id: string };
let member: Session;
let stranger: Session;

beforeAll(async () => {
  t = await createTestContext();
  db = t.database.db;
  admin = await registerAdmin(t.app);
  parentTeam = await createTeamRow(db, { parentTeamId: admin.teamId });
  team = await createTeamRow(db, { parentTeamId: parentTeam.id });
  const sibling = await createTeamRow(db, { parentTeamId: admin.teamId });
  member = await createUserSession(t.app, db, { teamId: team.id });
  stranger = await createUserSession(t.app, db, { teamId: sibling.id });
});
afterAll(async () => t?.close());

const promptName = (prefix = "p") => unique(prefix).toLowerCase();

type VersionFields = {
  version?: string;
  system?: string | null;
  user?: string | null;
  inputSchema?: Record<string, unknown>;
};

/** Inserts a prompt and its versions (the last one is the latest) straight into the database. */
async function createPrompt(
  fields: {
    name?: string;
    ownerId?: string | null;
    visibility?: Visibility;
    deprecated?: boolean;
    versions?: VersionFields[];
  } = {},
) {
  const name = fields.name ?? promptName();
  const [prompt] = await db
    .insert(prompts)
    .values({
      name,
      userId: fields.ownerId === undefined ? admin.userId : fields.ownerId,
      visibility: fields.visibility ?? "public",
      isDeprecated: fields.deprecated ?? false,
    })
    .returning();
  if (!prompt) throw new Error("no prompt");
  const versionIds: string[] = [];
  for (const [index, version] of (fields.versions ?? [{}]).entries()) {
    const [row] = await db
      .insert(promptVersions)
      .values({
        promptId: prompt.id,
        version: version.version ?? `1.${index}.0`,
        systemTemplate: version.system ?? null,
        userTemplate: version.user === undefined ? "{{ input }}" : version.user,
        inputSchema: version.inputSchema ?? {},
        createdAt: new Date(Date.now() + index),
      })
      .returning();
    if (!row) throw new Error("no version");
    versionIds.push(row.id);
  }
  await db
    .update(prompts)
    .set({ latestVersionId: versionIds.at(-1) ?? null })
    .where(eq(prompts.id, prompt.id));
  return { id: prompt.id, name, versionIds };
}

async function addPolicy(fields: {
  teamId?: string;
  projectId?: string;
  userId?: string;
  name?: string;
  type: EnforcementType;
  content: string;
  priority?: number;
  isActive?: boolean;
}) {
  const name = fields.name ?? unique("policy");
  await db.insert(policies).values({
    teamId: fields.teamId ?? null,
    projectId: fields.projectId ?? null,
    userId: fields.userId ?? null,
    name,
    enforcementType: fields.type,
    content: fields.content,
    priority: fields.priority ?? 0,
    isActive: fields.isActive ?? true,
  });
  return name;
}

async function addObjective(fields: { teamId?: string; projectId?: string; userId?: string; title: string }) {
  await db.insert(objectives).values({
    teamId: fields.teamId ?? null,
    projectId: fields.projectId ?? null,
    userId: fields.userId ?? null,
    title: fields.title,
  });
}

async function addProject(teamId: string, leadUserId: string | null = null) {
  const slug = unique("proj").toLowerCase();
  const [project] = await db.insert(projects).values({ teamId, leadUserId, name: slug, slug }).returning();
  if (!project) throw new Error("no project");
  return project;
}

/** A user with governance of their own: a fresh team below `parentTeam`, so other tests' policies stay out. */
async function governedUser(parentTeamId = parentTeam.id) {
  const ownTeam = await createTeamRow(db, { parentTeamId });
  const session = await createUserSession(t.app, db, { teamId: ownTeam.id });
  return { session, teamId: ownTeam.id };
}

function expand(
  name: string,
  session: Session | null | { authorization: string },
  body: Record<string, unknown> = {},
  version?: string,
) {
  const headers = session === null ? {} : "auth" in session ? session.auth : session;
  return t.app.inject({
    method: "POST",
    url: `/api/v1/expand/${name}${version === undefined ? "" : `/versions/${version}`}`,
    headers,
    payload: body,
  });
}

describe("expansion", () => {
  it("renders the served version: the pin, else the latest", async () => {
    const prompt = await createPrompt({
      versions: [
        { version: "1.0.0", system: "Old system", user: "Old {{ input }}" },
        { version: "2.0.0", system: "You review {{ lang }} code.", user: "Review: {{ input }}" },
      ],
    });
    const latest = await expand(prompt.name, member, { input: { input: "x = 1", lang: "Python" } });
    expect(latest.statusCode, latest.body).toBe(200);
    expect(latest.json()).toEqual({
      prompt_name: prompt.name,
      prompt_version: "2.0.0",
      system_message: "You review Python code.",
      user_message: "Review: x = 1",
      applied_policies: [],
      objectives: [],
      validations: [],
    });

    await db
      .insert(schema.promptLabels)
      .values({ promptId: prompt.id, label: "production", versionId: prompt.versionIds[0] as string });
    await t.changesSeen();
    const pinned = await expand(prompt.name, member, { input: { input: "y" } });
    expect(pinned.json()).toMatchObject({
      prompt_version: "1.0.0",
      system_message: "Old system",
      user_message: "Old y",
    });
  });

  it("expands a specific version on the versioned route", async () => {
    const prompt = await createPrompt({
      versions: [
        { version: "1.0.0", user: "v1 {{ input }}" },
        { version: "2.0.0", user: "v2 {{ input }}" },
      ],
    });
    const response = await expand(prompt.name, member, { input: { input: "hi" } }, "1.0.0");
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ prompt_version: "1.0.0", user_message: "v1 hi" });

    const missing = await expand(prompt.name, member, { input: { input: "hi" } }, "9.9.9");
    expect(missing.statusCode).toBe(404);
    expect(missing.json().detail).toBe(`Prompt '${prompt.name}' version '9.9.9' not found`);
  });

  it("answers 404 for missing, deprecated and version-less prompts", async () => {
    const deprecated = await createPrompt({ deprecated: true });
    const [bare] = await db
      .insert(prompts)
      .values({ name: promptName("bare"), userId: admin.userId, visibility: "public" })
      .returning();
    for (const name of ["no-such-prompt", deprecated.name, bare?.name as string]) {
      const response = await expand(name, member, { input: { input: "x" } });
      expect(response.statusCode, name).toBe(404);
      expect(response.json().detail).toBe(`Prompt '${name}' not found`);
    }
    const versioned = await expand(deprecated.name, member, { input: { input: "x" } }, "1.0.0");
    expect(versioned.statusCode).toBe(404);
    expect(versioned.json().detail).toBe(`Prompt '${deprecated.name}' version '1.0.0' not found`);
  });

  it("uses the input schema: every problem is listed", async () => {
    const prompt = await createPrompt({
      versions: [
        {
          user: "{{ title }} ({{ count }})",
          inputSchema: {
            type: "object",
            properties: { title: { type: "string" }, count: { type: "integer", minimum: 1 } },
            required: ["title", "count"],
            additionalProperties: false,
          },
        },
      ],
    });
    const ok = await expand(prompt.name, member, { input: { title: "T", count: 2 } });
    expect(ok.json().user_message).toBe("T (2)");

    const bad = await expand(prompt.name, member, { input: { count: 0, extra: true } });
    expect(bad.statusCode).toBe(422);
    const detail = bad.json().detail as { loc: unknown[]; msg: string; type: string }[];
    expect(detail).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ loc: ["body", "input", "title"], type: "required" }),
        expect.objectContaining({ loc: ["body", "input", "count"], type: "minimum" }),
        expect.objectContaining({ loc: ["body", "input", "extra"], type: "additionalProperties" }),
      ]),
    );
    expect(detail).toHaveLength(3);
  });

  it("validates each version against its own schema, even when schemas share an $id", async () => {
    const shared = (type: string) => ({
      $id: "https://acme.test/shared-input.json",
      type: "object",
      properties: { x: { $ref: "#/definitions/x" } },
      definitions: { x: { type } },
      required: ["x"],
    });
    const text = await createPrompt({ versions: [{ user: "{{ x }}", inputSchema: shared("string") }] });
    const number = await createPrompt({ versions: [{ user: "{{ x }}", inputSchema: shared("number") }] });
    expect((await expand(text.name, member, { input: { x: "a" } })).statusCode).toBe(200);
    expect((await expand(number.name, member, { input: { x: 1 } })).statusCode).toBe(200);
    expect((await expand(number.name, member, { input: { x: "a" } })).statusCode).toBe(422);
    expect((await expand(text.name, member, { input: { x: 1 } })).statusCode).toBe(422);
  });

  it("refuses input that is not an object", async () => {
    const prompt = await createPrompt();
    const response = await expand(prompt.name, member, { input: "just text" });
    expect(response.statusCode).toBe(422);
    expect(response.json().detail[0].loc).toEqual(["body", "input"]);
  });

  it("refuses deeply nested input before walking it", async () => {
    const prompt = await createPrompt();
    let deep: Record<string, unknown> = { leaf: true };
    for (let i = 0; i < 40; i++) deep = { deeper: deep };
    const response = await expand(prompt.name, member, { input: { input: "x", deep } });
    expect(response.statusCode).toBe(422);
    expect(response.json().detail).toBe("Input is nested more than 32 levels deep");
  });

  it("names undefined template variables", async () => {
    const prompt = await createPrompt({ versions: [{ system: "{{ persona }}", user: "{{ input }} {{ tone }}" }] });
    const response = await expand(prompt.name, member, { input: { input: "x" } });
    expect(response.statusCode).toBe(422);
    expect(response.json().detail).toBe("Template variable error: 'persona' and 'tone' are undefined");
  });

  it("reports a template syntax error as a 422", async () => {
    const prompt = await createPrompt({ versions: [{ user: "{% for x in %}" }] });
    const response = await expand(prompt.name, member, { input: {} });
    expect(response.statusCode).toBe(422);
    expect(response.json().detail).toMatch(/^Template syntax error: .+ \(in user_template\)$/);
  });

  it("refuses hostile templates quickly and keeps answering", async () => {
    const huge = await createPrompt({ versions: [{ user: "{% for i in range(100000000) %}x{% endfor %}" }] });
    const nested = await createPrompt({
      versions: [{ user: "{% for a in range(10000) %}{% for b in range(10000) %}x{% endfor %}{% endfor %}" }],
    });
    const started = performance.now();
    const hugeResponse = await expand(huge.name, member, { input: {} });
    expect(hugeResponse.statusCode).toBe(422);
    expect(hugeResponse.json().detail).toMatch(/^range\(\) is limited to \d+ items/);
    expect(performance.now() - started).toBeLessThan(2_000);

    const nestedResponse = await expand(nested.name, member, { input: {} });
    expect(nestedResponse.statusCode).toBe(422);
    expect(nestedResponse.json().code).toBe("template_limit_exceeded");

    const health = await t.app.inject({ method: "GET", url: "/health" });
    expect(health.statusCode).toBe(200);
    const normal = await createPrompt({ versions: [{ user: "fine {{ input }}" }] });
    expect((await expand(normal.name, member, { input: { input: "now" } })).json().user_message).toBe("fine now");
  });
});

describe("governance", () => {
  it("orders prepends and appends by priority, inherited before local on ties", async () => {
    const ownParent = await createTeamRow(db, { parentTeamId: admin.teamId });
    const { session, teamId } = await governedUser(ownParent.id);
    const names = {
      inherited5: await addPolicy({ teamId: ownParent.id, type: "prepend", content: "P-inherited-5", priority: 5 }),
      local10: await addPolicy({ teamId, type: "prepend", content: "P-local-10", priority: 10 }),
      local5: await addPolicy({ teamId, type: "prepend", content: "P-local-5", priority: 5 }),
      inherited1: await addPolicy({ teamId: ownParent.id, type: "prepend", content: "P-inherited-1", priority: 1 }),
      appendLocal: await addPolicy({ teamId, type: "append", content: "A-local-3", priority: 3 }),
      appendInherited: await addPolicy({ teamId: ownParent.id, type: "append", content: "A-inherited-3", priority: 3 }),
      appendHigh: await addPolicy({ teamId, type: "append", content: "A-local-7", priority: 7 }),
    };
    await addPolicy({ teamId, type: "prepend", content: "inactive", priority: 100, isActive: false });
    const prompt = await createPrompt({ versions: [{ system: "SYSTEM", user: "USER" }] });

    const response = await expand(prompt.name, session, { input: {} });
    expect(response.statusCode, response.body).toBe(200);
    const body = response.json();
    expect(body.system_message).toBe("P-local-10\n\nP-inherited-5\n\nP-local-5\n\nP-inherited-1\n\nSYSTEM");
    expect(body.user_message).toBe("USER\n\nA-local-7\n\nA-inherited-3\n\nA-local-3");
    expect(body.applied_policies).toEqual([
      names.local10,
      names.appendHigh,
      names.inherited5,
      names.local5,
      names.appendInherited,
      names.appendLocal,
      names.inherited1,
    ]);
  });

  it("gives a prompt without a system template a system message when a prepend applies", async () => {
    const { session, teamId } = await governedUser();
    await addPolicy({ teamId, type: "prepend", content: "Be brief." });
    const prompt = await createPrompt({ versions: [{ user: "Hi" }] });
    const body = (await expand(prompt.name, session, { input: {} })).json();
    expect(body.system_message).toBe("Be brief.");
    expect(body.user_message).toBe("Hi");
  });

  it("always defines `policies` and `objectives`, overriding caller keys", async () => {
    const { session, teamId } = await governedUser();
    const injectA = await addPolicy({ teamId, type: "inject", content: "Use British spelling.", priority: 2 });
    const injectB = await addPolicy({ teamId, type: "inject", content: "No emojis.", priority: 1 });
    await addObjective({ teamId, title: "Ship v2" });
    await addObjective({ userId: session.userId, title: "Learn Rust" });
    const prompt = await createPrompt({ versions: [{ user: "[{{ policies }}] [{{ objectives }}]" }] });

    const governed = await expand(prompt.name, session, { input: { policies: "caller", objectives: "caller" } });
    expect(governed.json()).toMatchObject({
      user_message: "[Use British spelling.\nNo emojis.] [Ship v2\nLearn Rust]",
      applied_policies: [injectA, injectB],
      objectives: ["Ship v2", "Learn Rust"],
    });

    const { session: ungoverned } = await governedUser();
    const empty = await expand(prompt.name, ungoverned, { input: { policies: "caller" } });
    expect(empty.statusCode).toBe(200);
    expect(empty.json()).toMatchObject({ user_message: "[] []", applied_policies: [], objectives: [] });
  });

  it("returns validate policies as validations without changing any text", async () => {
    const { session, teamId } = await governedUser();
    const check = await addPolicy({ teamId, type: "validate", content: "Output must be valid JSON." });
    const prompt = await createPrompt({ versions: [{ system: "S", user: "U" }] });
    const body = (await expand(prompt.name, session, { input: {} })).json();
    expect(body).toMatchObject({
      system_message: "S",
      user_message: "U",
      applied_policies: [check],
      validations: [{ name: check, content: "Output must be valid JSON." }],
    });
  });

  it("keeps policy text literal: template syntax in a policy is neither rendered nor an error", async () => {
    const { session, teamId } = await governedUser();
    await addPolicy({ teamId, type: "prepend", content: "Never say {{ secret }} {% bad" });
    await addPolicy({ teamId, type: "append", content: "{{ include_prompt('x') }}" });
    await addPolicy({ teamId, type: "inject", content: "{% if %}" });
    const prompt = await createPrompt({ versions: [{ user: "{{ policies }}" }] });
    const response = await expand(prompt.name, session, { input: { secret: "s3cr3t" } });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toMatchObject({
      system_message: "Never say {{ secret }} {% bad",
      user_message: "{% if %}\n\n{{ include_prompt('x') }}",
    });
  });

  it("applies the caller's governance, not the prompt owner's", async () => {
    const owner = await governedUser();
    await addPolicy({ teamId: owner.teamId, type: "prepend", content: "owner policy" });
    const caller = await governedUser();
    await addPolicy({ teamId: caller.teamId, type: "prepend", content: "caller policy" });
    const prompt = await createPrompt({ ownerId: owner.session.userId });
    const body = (await expand(prompt.name, caller.session, { input: { input: "x" } })).json();
    expect(body.system_message).toBe("caller policy");
  });
});

describe("visibility and callers", () => {
  it("lets anonymous callers expand public prompts, without governance", async () => {
    const prompt = await createPrompt({
      visibility: "public",
      versions: [{ user: "{{ input }}|{{ policies }}|{{ objectives }}" }],
    });
    const response = await expand(prompt.name, null, { input: { input: "anon" } });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({
      user_message: "anon||",
      applied_policies: [],
      objectives: [],
      validations: [],
    });
  });

  it("hides private and org prompts from those who may not see them", async () => {
    const privatePrompt = await createPrompt({ visibility: "private", ownerId: member.userId });
    const orgPrompt = await createPrompt({ visibility: "org" });
    const input = { input: { input: "x" } };
    for (const [name, session] of [
      [privatePrompt.name, null],
      [privatePrompt.name, stranger],
      [orgPrompt.name, null],
    ] as const) {
      const response = await expand(name, session, input);
      expect(response.statusCode).toBe(404);
      expect(response.json().detail).toBe(`Prompt '${name}' not found`);
    }
    expect((await expand(privatePrompt.name, member, input)).statusCode).toBe(200);
    expect((await expand(privatePrompt.name, admin, input)).statusCode).toBe(200);
    expect((await expand(orgPrompt.name, stranger, input)).statusCode).toBe(200);
    await db.insert(promptShares).values({ promptId: privatePrompt.id, userId: stranger.userId });
    await t.changesSeen();
    expect((await expand(privatePrompt.name, stranger, input)).statusCode).toBe(200);
  });

  it("needs the expand scope on API keys", async () => {
    const prompt = await createPrompt();
    const keyWith = async (scopes: ApiKeyScope[]) => {
      const raw = `pcp_${randomToken(32)}`;
      await createApiKey(db, {
        userId: member.userId,
        name: unique("key"),
        prefix: raw.slice(0, 12),
        keyHash: sha256Hex(raw),
        scopes,
      });
      return { authorization: `Bearer ${raw}` };
    };
    const readOnly = await expand(prompt.name, await keyWith(["read"]), { input: { input: "x" } });
    expect(readOnly.statusCode).toBe(403);
    expect(readOnly.json().detail).toBe("This API key lacks the 'expand' scope needed here");
    const expanding = await expand(prompt.name, await keyWith(["expand"]), { input: { input: "x" } });
    expect(expanding.statusCode).toBe(200);
  });
});

describe("projects", () => {
  it("adds the project's policies and objectives when the caller may use it", async () => {
    const { session, teamId } = await governedUser();
    const project = await addProject(teamId);
    const projectPolicy = await addPolicy({
      projectId: project.id,
      type: "append",
      content: "Follow the project style guide.",
    });
    await addObjective({ projectId: project.id, title: "Launch in March" });
    const prompt = await createPrompt({ versions: [{ user: "Go" }] });

    const without = (await expand(prompt.name, session, { input: {} })).json();
    expect(without.applied_policies).toEqual([]);
    const response = await expand(prompt.name, session, { input: {}, project_id: project.id });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toMatchObject({
      user_message: "Go\n\nFollow the project style guide.",
      applied_policies: [projectPolicy],
      objectives: ["Launch in March"],
    });
  });

  it("lets the project's members, lead, team (and teams below) and managers use it", async () => {
    const { teamId } = await governedUser();
    const project = await addProject(teamId);
    const prompt = await createPrompt({ versions: [{ user: "Go" }] });
    const use = (session: Session) => expand(prompt.name, session, { input: {}, project_id: project.id });

    const below = await createTeamRow(db, { parentTeamId: teamId });
    const belowUser = await createUserSession(t.app, db, { teamId: below.id });
    expect((await use(belowUser)).statusCode).toBe(200);

    const outsider = await governedUser();
    const denied = await use(outsider.session);
    expect(denied.statusCode).toBe(403);
    expect(denied.json().detail).toMatch(/may use this project/);

    await db.insert(projectMembers).values({ projectId: project.id, userId: outsider.session.userId });
    await t.changesSeen();
    expect((await use(outsider.session)).statusCode).toBe(200);

    const lead = await governedUser();
    await db.update(projects).set({ leadUserId: lead.session.userId }).where(eq(projects.id, project.id));
    expect((await use(lead.session)).statusCode).toBe(200);

    const manager = await governedUser();
    await db.update(schema.teams).set({ ownerId: manager.session.userId }).where(eq(schema.teams.id, parentTeam.id));
    try {
      expect((await use(manager.session)).statusCode).toBe(200);
    } finally {
      await db.update(schema.teams).set({ ownerId: null }).where(eq(schema.teams.id, parentTeam.id));
    }
    expect((await use(admin)).statusCode).toBe(200);
  });

  it("answers 404 for an unknown project and 401 for anonymous callers", async () => {
    const prompt = await createPrompt({ versions: [{ user: "Go" }] });
    const unknown = await expand(prompt.name, member, {
      input: {},
      project_id: "00000000-0000-4000-8000-000000000000",
    });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().detail).toBe("Project not found");

    const project = await addProject(team.id);
    const anonymous = await expand(prompt.name, null, { input: {}, project_id: project.id });
    expect(anonymous.statusCode).toBe(401);

    const malformed = await expand(prompt.name, member, { input: {}, project_id: "not-a-uuid" });
    expect(malformed.statusCode).toBe(422);
  });
});

describe("include_prompt", () => {
  it("renders included prompts with the same variables, three levels deep", async () => {
    const c = await createPrompt({ versions: [{ system: "C-sys", user: "replaced below" }] });
    const b = await createPrompt({ versions: [{ user: `B:{{ who }}>{{ include_prompt('${c.name}') }}` }] });
    const a = await createPrompt({ versions: [{ user: `A:{{ who }}>{{ include_prompt('${b.name}') }}` }] });
    // C includes A again: the fourth level is the depth marker.
    await db
      .update(promptVersions)
      .set({ userTemplate: `C:{{ who }}>{{ include_prompt('${a.name}') }}` })
      .where(eq(promptVersions.id, c.versionIds[0] as string));
    const root = await createPrompt({ versions: [{ user: `{{ include_prompt('${a.name}') }}` }] });

    const response = await expand(root.name, member, { input: { who: "me" } });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json().user_message).toBe(
      `A:me>B:me>C-sys\n\nC:me>[include_prompt('${a.name}'): max depth (3) exceeded]`,
    );
  });

  it("marks missing, deprecated and invisible prompts as not found", async () => {
    const hidden = await createPrompt({
      visibility: "private",
      ownerId: stranger.userId,
      versions: [{ user: "secret" }],
    });
    const deprecated = await createPrompt({ deprecated: true, versions: [{ user: "old" }] });
    const root = await createPrompt({
      versions: [
        {
          user: `{{ include_prompt('${hidden.name}') }}|{{ include_prompt('${deprecated.name}') }}|{{ include_prompt('nope-none') }}`,
        },
      ],
    });
    const body = (await expand(root.name, member, { input: {} })).json();
    expect(body.user_message).toBe(
      `[include_prompt('${hidden.name}'): prompt not found]|[include_prompt('${deprecated.name}'): prompt not found]|[include_prompt('nope-none'): prompt not found]`,
    );
    // The owner sees their own private prompt.
    const own = (await expand(root.name, stranger, { input: {} })).json();
    expect(own.user_message.startsWith("secret|")).toBe(true);
  });

  it("does not apply policies to included prompts", async () => {
    const { session, teamId } = await governedUser();
    await addPolicy({ teamId, type: "append", content: "POLICY" });
    const inner = await createPrompt({ versions: [{ user: "inner" }] });
    const root = await createPrompt({ versions: [{ user: `outer+{{ include_prompt('${inner.name}') }}` }] });
    expect((await expand(root.name, session, { input: {} })).json().user_message).toBe("outer+inner\n\nPOLICY");
  });

  it("refuses more than 20 different included prompts", async () => {
    const calls = Array.from({ length: 21 }, (_, i) => `{{ include_prompt('missing-${i}') }}`).join("");
    const root = await createPrompt({ versions: [{ user: calls }] });
    const response = await expand(root.name, member, { input: {} });
    expect(response.statusCode).toBe(422);
    expect(response.json().detail).toMatch(/at most 20 different prompts/);
  });
});

describe("database round trips", () => {
  /** The same database seen through a drizzle instance that counts every statement it sends. */
  it("uses one query for the prompt, one for governance, one for the project and one per include level", async () => {
    const { session, teamId } = await governedUser();
    await addPolicy({ teamId, type: "prepend", content: "p" });
    const project = await addProject(teamId);
    const leaves = await Promise.all([1, 2, 3].map(() => createPrompt({ versions: [{ user: "leaf" }] })));
    const middle = await createPrompt({
      versions: [{ user: leaves.map((leaf) => `{{ include_prompt('${leaf.name}') }}`).join("") }],
    });
    const top = await createPrompt({
      versions: [{ user: `{{ include_prompt('${middle.name}') }}{{ include_prompt('${leaves[0]?.name}') }}` }],
    });
    const third = await createPrompt({ versions: [{ user: `{{ include_prompt('${top.name}') }}` }] });
    const user = await findUserById(db, session.userId);
    const principal = { user: toAuthUser(user as NonNullable<typeof user>), via: "jwt" as const };

    const counter = countingDb(t.database);
    const expansion = await resolveExpansion(counter.db, principal, {
      name: third.name,
      input: {},
      projectId: project.id,
    });
    expect(expansion.userMessage).toBe("leafleafleafleaf");
    expect(expansion.systemMessage).toBe("p");
    // prompt + project + governance + three include levels
    expect(counter.statements()).toBe(6);

    const anonymous = countingDb(t.database);
    await resolveExpansion(anonymous.db, null, { name: leaves[0]?.name as string, input: {} });
    expect(anonymous.statements()).toBe(1);
  });
});

describe("usage recording", () => {
  it("records every expansion with its status, version, source and caller", async () => {
    const prompt = await createPrompt({ versions: [{ version: "3.1.0", user: "{{ input }}" }] });
    await expand(prompt.name, member, { input: { input: "ok" } });
    await expand(prompt.name, member, { input: {} });
    await expand(prompt.name, null, { input: { input: "ok" } }, "0.0.1");
    await t.app.usage.flush();

    const rows = await db.select().from(promptUsage).where(eq(promptUsage.promptName, prompt.name));
    const summary = rows
      .map((row) => ({ version: row.promptVersion, status: row.statusCode, source: row.source, userId: row.userId }))
      .sort((a, b) => a.status - b.status);
    expect(summary).toEqual([
      { version: "3.1.0", status: 200, source: "rest", userId: member.userId },
      { version: "0.0.1", status: 404, source: "rest", userId: null },
      // Input is checked once the version is known: the failure is that version's.
      { version: "3.1.0", status: 422, source: "rest", userId: member.userId },
    ]);
    for (const row of rows) expect(row.latencyMs).toBeGreaterThanOrEqual(0);
  });
});
