import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ApiKeyScope } from "../../db/schema.js";
import { randomToken, sha256Hex } from "../../lib/crypto.js";
import { createUserSession, registerAdmin, type Session, unique } from "../../test/factories.js";
import { createTestContext, type TestContext } from "../../test/harness.js";
import { createApiKey } from "../api-keys/api-keys.repository.js";
import { findPromptVersion, findServedVersions } from "./prompts.repository.js";

let t: TestContext;
let admin: Session;
let owner: Session;
let sharee: Session;
let member: Session;

type Method = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

function call(method: Method, path: string, session?: Session | null, payload?: unknown) {
  return t.app.inject({
    method,
    url: `/api/v1/prompts${path}`,
    headers: session ? session.auth : {},
    ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }),
  });
}

/** A prompt name unique to this run, so tests can search for exactly their own prompts. */
const promptName = (prefix = "p") => unique(prefix).toLowerCase();

async function createPrompt(
  session: Session,
  fields: { name?: string; description?: string; visibility?: string; version?: Record<string, unknown> } = {},
) {
  const response = await call("POST", "", session, {
    name: fields.name ?? promptName(),
    description: fields.description,
    visibility: fields.visibility,
    version: { version: "1.0.0", system_template: "You are helpful.", user_template: "{{ input }}", ...fields.version },
  });
  expect(response.statusCode, response.body).toBe(201);
  return response.json();
}

async function addVersion(session: Session, name: string, version: string, extra: Record<string, unknown> = {}) {
  const response = await call("PUT", `/${name}`, session, { version, user_template: `v${version}`, ...extra });
  expect(response.statusCode, response.body).toBe(201);
  return response.json();
}

async function listNames(session: Session | null, query: string): Promise<string[]> {
  const response = await call("GET", `?page_size=100&${query}`, session);
  expect(response.statusCode, response.body).toBe(200);
  return response.json().items.map((item: { name: string }) => item.name);
}

async function apiKeyFor(session: Session, scopes: ApiKeyScope[]) {
  const raw = `pcp_${randomToken(24)}`;
  await createApiKey(t.database.db, {
    userId: session.userId,
    name: unique("key"),
    prefix: raw.slice(0, 12),
    keyHash: sha256Hex(raw),
    scopes,
  });
  return { ...session, auth: { authorization: `Bearer ${raw}` } };
}

beforeAll(async () => {
  t = await createTestContext();
});
afterAll(async () => t?.close());

describe("on an empty install", () => {
  it("answers an anonymous list with the exact empty page", async () => {
    const response = await call("GET", "");
    expect(response.statusCode).toBe(200);
    expect(response.body).toBe('{"items":[],"total":0,"page":1,"page_size":20}');
  });
});

describe("with an organization", () => {
  beforeAll(async () => {
    admin = await registerAdmin(t.app);
    owner = await createUserSession(t.app, t.database.db, { teamId: admin.teamId });
    sharee = await createUserSession(t.app, t.database.db, { teamId: admin.teamId });
    member = await createUserSession(t.app, t.database.db, { teamId: admin.teamId });
  });

  describe("creating", () => {
    it("creates a private prompt owned by the caller, whatever user_id the body names", async () => {
      const name = promptName();
      const response = await call("POST", "", owner, {
        name,
        description: "Summarise text",
        user_id: admin.userId,
        version: { version: "1.0.0", user_template: "{{ input }}", tags: ["a", "b", "a"] },
      });
      expect(response.statusCode).toBe(201);
      const body = response.json();
      expect(body).toMatchObject({
        name,
        description: "Summarise text",
        is_deprecated: false,
        visibility: "private",
        user_id: owner.userId,
        owner: { id: owner.userId, username: owner.username, display_name: null },
        is_pinned: false,
      });
      expect(body.latest_version).toMatchObject({
        prompt_id: body.id,
        version: "1.0.0",
        system_template: null,
        user_template: "{{ input }}",
        tags: ["a", "b"],
        input_schema: {
          type: "object",
          properties: { input: { type: "string", description: "Free-text input" } },
          required: ["input"],
        },
      });
      expect(body.active_version).toEqual(body.latest_version);
      expect(Date.parse(body.created_at)).not.toBeNaN();
    });

    it("refuses a duplicate name with 409", async () => {
      const { name } = await createPrompt(owner);
      const response = await call("POST", "", member, { name, version: { version: "1" } });
      expect(response.statusCode).toBe(409);
      expect(response.json().detail).toBe(`Prompt '${name}' already exists`);
    });

    it("refuses a bad name with 422 naming the field", async () => {
      const response = await call("POST", "", owner, { name: "Invalid Name!", version: { version: "1" } });
      expect(response.statusCode).toBe(422);
      expect(response.json().detail[0].loc).toEqual(["body", "name"]);
    });

    it("refuses an input_schema that is not a valid JSON Schema", async () => {
      const response = await call("POST", "", owner, {
        name: promptName(),
        version: { version: "1", input_schema: { type: "not-a-type" } },
      });
      expect(response.statusCode).toBe(422);
      expect(response.json().detail).toMatch(/^input_schema is not a valid JSON Schema: .*type/);
    });

    it("refuses an input_schema with an unresolvable reference or an unknown dialect", async () => {
      const schemas = [
        { $ref: "#/definitions/missing" },
        { $schema: "https://example.com/not-a-meta-schema", type: "object" },
      ];
      for (const input_schema of schemas) {
        const response = await call("POST", "", owner, { name: promptName(), version: { version: "1", input_schema } });
        expect(response.statusCode).toBe(422);
        expect(response.json().detail).toMatch(/^input_schema is not a valid JSON Schema: /);
      }
    });

    it("keeps each input_schema to itself: neither an $id taken from the meta-schema nor one shared by two schemas affects others", async () => {
      const create = (input_schema: Record<string, unknown>) =>
        call("POST", "", owner, { name: promptName(), version: { version: "1", user_template: "Hi", input_schema } });
      const claimsMetaSchema = { $id: "http://json-schema.org/draft-07/schema#", type: "object" };
      for (const _ of [1, 2]) {
        const refused = await create(claimsMetaSchema);
        expect(refused.statusCode).toBe(422);
        expect(refused.json().detail).toMatch(/^input_schema is not a valid JSON Schema: .*already exists/);
      }
      const shared = (type: string) => ({
        $id: "https://acme.test/shared.json",
        type: "object",
        properties: { x: { $ref: "#/definitions/x" } },
        definitions: { x: { type } },
      });
      expect((await create(shared("string"))).statusCode).toBe(201);
      expect((await create(shared("number"))).statusCode).toBe(201);
      expect((await create({ type: "object" })).statusCode).toBe(201);
      expect((await create({ type: "not-a-type" })).statusCode).toBe(422);
    });

    it("refuses a non-object input_schema, oversized templates, too many or too long tags", async () => {
      const cases: [Record<string, unknown>, (string | number)[]][] = [
        [{ input_schema: ["x"] }, ["body", "version", "input_schema"]],
        [{ user_template: "x".repeat(100_001) }, ["body", "version", "user_template"]],
        [{ tags: Array.from({ length: 21 }, (_, i) => `t${i}`) }, ["body", "version", "tags"]],
        [{ tags: ["x".repeat(51)] }, ["body", "version", "tags", 0]],
        [{ version: "" }, ["body", "version", "version"]],
      ];
      for (const [version, loc] of cases) {
        const response = await call("POST", "", owner, { name: promptName(), version: { version: "1", ...version } });
        expect(response.statusCode, JSON.stringify(version).slice(0, 80)).toBe(422);
        expect(response.json().detail[0].loc).toEqual(loc);
      }
    });

    it("needs credentials (401), and an API key with the write scope (403 otherwise)", async () => {
      const anonymous = await call("POST", "", null, { name: promptName(), version: { version: "1" } });
      expect(anonymous.statusCode).toBe(401);

      const readOnly = await apiKeyFor(owner, ["read"]);
      const refused = await call("POST", "", readOnly, { name: promptName(), version: { version: "1" } });
      expect(refused.statusCode).toBe(403);
      expect((await call("GET", "", readOnly)).statusCode).toBe(200);

      const writer = await apiKeyFor(owner, ["write"]);
      const created = await call("POST", "", writer, { name: promptName(), version: { version: "1" } });
      expect(created.statusCode).toBe(201);
      expect(created.json().user_id).toBe(owner.userId);
    });
  });

  describe("versions", () => {
    it("adds versions, newest first, and moves latest", async () => {
      const created = await createPrompt(owner);
      const v2 = await addVersion(owner, created.name, "2.0.0", { tags: ["new"], system_template: "sys" });
      expect(v2).toMatchObject({ prompt_id: created.id, version: "2.0.0", tags: ["new"], system_template: "sys" });
      expect(v2.input_schema.required).toEqual(["input"]);

      const prompt = (await call("GET", `/${created.name}`, owner)).json();
      expect(prompt.latest_version.id).toBe(v2.id);
      expect(prompt.active_version.id).toBe(v2.id);
      expect(Date.parse(prompt.updated_at)).toBeGreaterThan(Date.parse(created.updated_at));

      await addVersion(owner, created.name, "3.0.0");
      const versions = (await call("GET", `/${created.name}/versions`, owner)).json();
      expect(versions.map((v: { version: string }) => v.version)).toEqual(["3.0.0", "2.0.0", "1.0.0"]);
    });

    it("refuses a duplicate version with 409 and an unknown prompt with 404", async () => {
      const { name } = await createPrompt(owner);
      const duplicate = await call("PUT", `/${name}`, owner, { version: "1.0.0" });
      expect(duplicate.statusCode).toBe(409);
      expect(duplicate.json().detail).toBe(`Version '1.0.0' already exists for prompt '${name}'`);

      const missing = await call("PUT", "/no-such-prompt", owner, { version: "1" });
      expect(missing.statusCode).toBe(404);
      expect(missing.json().detail).toBe("Prompt 'no-such-prompt' not found");
    });

    it("validates a new version's input_schema", async () => {
      const { name } = await createPrompt(owner);
      const response = await call("PUT", `/${name}`, owner, { version: "2", input_schema: { required: "input" } });
      expect(response.statusCode).toBe(422);
      expect(response.json().detail).toMatch(/input_schema is not a valid JSON Schema/);
    });

    it("answers 404 for the versions of an unknown prompt", async () => {
      const response = await call("GET", "/no-such-prompt/versions", owner);
      expect(response.statusCode).toBe(404);
      expect(response.json().detail).toBe("Prompt 'no-such-prompt' not found");
    });
  });

  describe("editing, deprecating and restoring", () => {
    it("changes description and visibility, and null clears the description", async () => {
      const { name } = await createPrompt(owner, { description: "old" });
      const changed = await call("PATCH", `/${name}`, owner, { description: "new", visibility: "org" });
      expect(changed.statusCode).toBe(200);
      expect(changed.json()).toMatchObject({ name, description: "new", visibility: "org" });

      const cleared = await call("PATCH", `/${name}`, owner, { description: null });
      expect(cleared.json()).toMatchObject({ description: null, visibility: "org" });

      const bad = await call("PATCH", `/${name}`, owner, { visibility: "everyone" });
      expect(bad.statusCode).toBe(422);
    });

    it("deprecates idempotently, keeps the prompt listed and restores it", async () => {
      const { name } = await createPrompt(owner);
      expect((await call("DELETE", `/${name}`, owner)).statusCode).toBe(204);
      const again = await call("DELETE", `/${name}`, owner);
      expect(again.statusCode).toBe(204);
      expect(again.body).toBe("");

      expect((await call("GET", `/${name}`, owner)).json().is_deprecated).toBe(true);
      expect(await listNames(owner, `q=${name}`)).toEqual([name]);
      expect(await listNames(owner, `q=${name}&include_deprecated=false`)).toEqual([]);

      const restored = await call("POST", `/${name}/restore`, owner);
      expect(restored.statusCode).toBe(200);
      expect(restored.json().is_deprecated).toBe(false);
      expect(await listNames(owner, `q=${name}&include_deprecated=false`)).toEqual([name]);
    });

    it("answers 404 when deprecating an unknown prompt", async () => {
      const response = await call("DELETE", "/no-such-prompt", owner);
      expect(response.statusCode).toBe(404);
    });
  });

  describe("pinning", () => {
    it("pins an older version, keeps it across new versions, and unpins", async () => {
      const { name } = await createPrompt(owner);
      const v2 = await addVersion(owner, name, "2.0.0");

      const pinned = await call("POST", `/${name}/rollback/1.0.0`, owner);
      expect(pinned.statusCode).toBe(200);
      expect(pinned.json()).toMatchObject({
        is_pinned: true,
        active_version: { version: "1.0.0" },
        latest_version: { id: v2.id },
      });

      await addVersion(owner, name, "3.0.0");
      const afterNew = (await call("GET", `/${name}`, owner)).json();
      expect(afterNew).toMatchObject({
        is_pinned: true,
        active_version: { version: "1.0.0" },
        latest_version: { version: "3.0.0" },
      });

      const unpinned = await call("DELETE", `/${name}/pin`, owner);
      expect(unpinned.statusCode).toBe(200);
      expect(unpinned.json()).toMatchObject({
        is_pinned: false,
        active_version: { version: "3.0.0" },
        latest_version: { version: "3.0.0" },
      });
    });

    it("answers 404 naming prompt and version when either is missing", async () => {
      const { name } = await createPrompt(owner);
      const noVersion = await call("POST", `/${name}/rollback/9.9.9`, owner);
      expect(noVersion.statusCode).toBe(404);
      expect(noVersion.json().detail).toBe(`Prompt '${name}' or version '9.9.9' not found`);

      const noPrompt = await call("POST", "/no-such-prompt/rollback/1", owner);
      expect(noPrompt.statusCode).toBe(404);
      expect(noPrompt.json().detail).toBe("Prompt 'no-such-prompt' or version '1' not found");
    });
  });

  describe("shares", () => {
    it("shares idempotently, lists by share time and withdraws", async () => {
      const { name } = await createPrompt(owner);
      const first = await call("POST", `/${name}/shares`, owner, { user_id: sharee.userId });
      expect(first.statusCode).toBe(201);
      expect(first.json()).toMatchObject({ user_id: sharee.userId, username: sharee.username, display_name: null });
      const again = await call("POST", `/${name}/shares`, owner, { user_id: sharee.userId });
      expect(again.statusCode).toBe(201);
      expect(again.json().id).toBe(first.json().id);
      await call("POST", `/${name}/shares`, owner, { user_id: member.userId });

      const listed = await call("GET", `/${name}/shares`, owner);
      expect(listed.statusCode).toBe(200);
      expect(listed.json().map((s: { user_id: string }) => s.user_id)).toEqual([sharee.userId, member.userId]);

      expect((await call("DELETE", `/${name}/shares/${member.userId}`, owner)).statusCode).toBe(204);
      const gone = await call("DELETE", `/${name}/shares/${member.userId}`, owner);
      expect(gone.statusCode).toBe(404);
      expect(gone.json().detail).toBe("Share not found");
      expect((await call("GET", `/${name}/shares`, owner)).json()).toHaveLength(1);
    });

    it("answers 404 for an unknown user and 422 for malformed ids", async () => {
      const { name } = await createPrompt(owner);
      const unknown = await call("POST", `/${name}/shares`, owner, { user_id: "00000000-0000-4000-8000-000000000000" });
      expect(unknown.statusCode).toBe(404);
      expect(unknown.json().detail).toBe("User not found");

      const badBody = await call("POST", `/${name}/shares`, owner, { user_id: "not-a-uuid" });
      expect(badBody.statusCode).toBe(422);
      expect(badBody.json().detail[0]).toMatchObject({ loc: ["body", "user_id"], msg: "user_id must be a UUID" });

      const badPath = await call("DELETE", `/${name}/shares/not-a-uuid`, owner);
      expect(badPath.statusCode).toBe(422);
      expect(badPath.json().detail[0].loc).toEqual(["path", "user_id"]);
    });

    it("lets only the owner or an admin see the share list", async () => {
      const { name } = await createPrompt(owner, { visibility: "org" });
      expect((await call("GET", `/${name}/shares`, member)).statusCode).toBe(403);
      expect((await call("GET", `/${name}/shares`, admin)).statusCode).toBe(200);
      expect((await call("GET", `/${name}/shares`)).statusCode).toBe(401);
    });
  });

  describe("visibility", () => {
    let privateName: string;
    let orgName: string;
    let publicName: string;
    let tagPrefix: string;

    beforeAll(async () => {
      tagPrefix = promptName("vis");
      privateName = (await createPrompt(owner, { name: `${tagPrefix}-private` })).name;
      orgName = (await createPrompt(owner, { name: `${tagPrefix}-org`, visibility: "org" })).name;
      publicName = (await createPrompt(owner, { name: `${tagPrefix}-public`, visibility: "public" })).name;
      const shared = await call("POST", `/${privateName}/shares`, owner, { user_id: sharee.userId });
      expect(shared.statusCode).toBe(201);
    });

    it("shows each caller what they may see, in lists and by name", async () => {
      const all = [orgName, privateName, publicName];
      const expectations: [string, Session | null, string[]][] = [
        ["owner", owner, all],
        ["sharee", sharee, all],
        ["admin", admin, all],
        ["member", member, [orgName, publicName]],
        ["anonymous", null, [publicName]],
      ];
      for (const [who, session, visible] of expectations) {
        expect(await listNames(session, `q=${tagPrefix}`), who).toEqual(visible);
        for (const name of all) {
          const one = await call("GET", `/${name}`, session);
          const versions = await call("GET", `/${name}/versions`, session);
          const expected = visible.includes(name) ? 200 : 404;
          expect([one.statusCode, versions.statusCode], `${who} GET ${name}`).toEqual([expected, expected]);
          if (expected === 404) expect(one.json().detail).toBe(`Prompt '${name}' not found`);
        }
      }
    });

    it("hides a private prompt once its share is withdrawn", async () => {
      const { name } = await createPrompt(owner);
      await call("POST", `/${name}/shares`, owner, { user_id: member.userId });
      expect((await call("GET", `/${name}`, member)).statusCode).toBe(200);
      await call("DELETE", `/${name}/shares/${member.userId}`, owner);
      expect((await call("GET", `/${name}`, member)).statusCode).toBe(404);
    });

    it("filters by visibility", async () => {
      expect(await listNames(owner, `q=${tagPrefix}&visibility=org`)).toEqual([orgName]);
      expect(await listNames(null, `q=${tagPrefix}&visibility=private`)).toEqual([]);
    });

    it("refuses writes by a member on a visible prompt they do not own (403)", async () => {
      const writes: [Method, string, unknown][] = [
        ["PUT", `/${orgName}`, { version: "9" }],
        ["PATCH", `/${orgName}`, { description: "mine now" }],
        ["DELETE", `/${orgName}`, undefined],
        ["POST", `/${orgName}/restore`, undefined],
        ["POST", `/${orgName}/rollback/1.0.0`, undefined],
        ["DELETE", `/${orgName}/pin`, undefined],
        ["POST", `/${orgName}/shares`, { user_id: member.userId }],
        ["DELETE", `/${orgName}/shares/${sharee.userId}`, undefined],
      ];
      for (const [method, path, payload] of writes) {
        const response = await call(method, path, member, payload);
        expect(response.statusCode, `${method} ${path}`).toBe(403);
        expect(response.json().detail).toBe("Only the owner of this prompt or an admin may do that");
      }
      expect((await call("GET", `/${orgName}`, owner)).json()).toMatchObject({
        description: null,
        is_deprecated: false,
      });
    });

    it("refuses writes by a sharee (403) and hides invisible prompts from writers (404)", async () => {
      expect((await call("PATCH", `/${privateName}`, sharee, { description: "x" })).statusCode).toBe(403);
      const hidden = await call("PUT", `/${privateName}`, member, { version: "9" });
      expect(hidden.statusCode).toBe(404);
      expect(hidden.json().detail).toBe(`Prompt '${privateName}' not found`);
      expect((await call("POST", `/${privateName}/rollback/1.0.0`, member)).json().detail).toBe(
        `Prompt '${privateName}' or version '1.0.0' not found`,
      );
    });

    it("refuses anonymous writes with 401", async () => {
      const writes: [Method, string, unknown][] = [
        ["PUT", `/${publicName}`, { version: "9" }],
        ["PATCH", `/${publicName}`, { description: "x" }],
        ["DELETE", `/${publicName}`, undefined],
        ["POST", `/${publicName}/restore`, undefined],
        ["POST", `/${publicName}/rollback/1.0.0`, undefined],
        ["DELETE", `/${publicName}/pin`, undefined],
        ["POST", `/${publicName}/shares`, { user_id: member.userId }],
        ["DELETE", `/${publicName}/shares/${member.userId}`, undefined],
      ];
      for (const [method, path, payload] of writes) {
        expect((await call(method, path, null, payload)).statusCode, `${method} ${path}`).toBe(401);
      }
    });

    it("lets an admin change anyone's prompt", async () => {
      const response = await call("PATCH", `/${privateName}`, admin, { description: "reviewed" });
      expect(response.statusCode).toBe(200);
      expect(response.json()).toMatchObject({ description: "reviewed", user_id: owner.userId });
    });
  });

  describe("list filters", () => {
    it("filters by tag on the served version only", async () => {
      const tag = promptName("tag");
      const other = `${tag}-other`;
      const { name } = await createPrompt(owner, { version: { tags: [tag] } });
      await addVersion(owner, name, "2.0.0", { tags: [other] });

      expect(await listNames(owner, `tag=${other}`)).toEqual([name]);
      expect(await listNames(owner, `tag=${tag}`)).toEqual([]);
      expect((await call("GET", `?tag=${tag}`, owner)).json().total).toBe(0);

      await call("POST", `/${name}/rollback/1.0.0`, owner);
      expect(await listNames(owner, `tag=${tag}`)).toEqual([name]);
      expect((await call("GET", `?tag=${tag}`, owner)).json().total).toBe(1);
      expect(await listNames(owner, `tag=${other}`)).toEqual([]);

      // Unpinned, the prompt serves its latest version again.
      expect((await call("DELETE", `/${name}/pin`, owner)).statusCode).toBeLessThan(300);
      expect(await listNames(owner, `tag=${other}`)).toEqual([name]);
      expect(await listNames(owner, `q=${other}`)).toEqual([name]);
      expect(await listNames(owner, `tag=${tag}`)).toEqual([]);
      // Exact tags, not substrings.
      expect(await listNames(owner, `tag=${tag.slice(0, -1)}`)).toEqual([]);
    });

    it("searches name, description and served tags, case-insensitively", async () => {
      const word = promptName("needle");
      const byName = (await createPrompt(owner, { name: `${word}-name` })).name;
      const byDescription = (await createPrompt(owner, { description: `About ${word.toUpperCase()} things` })).name;
      const byTag = (await createPrompt(owner, { version: { tags: [`x-${word}-y`] } })).name;
      const byOldTag = (await createPrompt(owner, { version: { tags: [word] } })).name;
      await addVersion(owner, byOldTag, "2.0.0", { tags: ["unrelated"] });

      const found = await listNames(owner, `q=${word.toUpperCase()}`);
      expect(found.sort()).toEqual([byName, byDescription, byTag].sort());
      expect((await call("GET", `?q=${word}`, owner)).json().total).toBe(3);
    });

    it("matches within one field, even when the search spans lines", async () => {
      const word = promptName("lines");
      const { name } = await createPrompt(owner, { name: `${word}-a`, description: "First line\nsecond line" });
      await createPrompt(owner, { name: `${word}-b`, description: "other", version: { tags: ["alpha", "beta"] } });

      expect(await listNames(owner, `q=${encodeURIComponent("LINE\nSECOND")}`)).toEqual([name]);
      // Neither the end of one field and the start of the next, nor two tags, make a match.
      expect(await listNames(owner, `q=${encodeURIComponent(`${word}-b\u001fother`)}`)).toEqual([]);
      expect(await listNames(owner, `q=${encodeURIComponent("alpha\nbeta")}`)).toEqual([]);
    });

    it("treats % and _ in the search as literal characters", async () => {
      const { name } = await createPrompt(owner, { description: "100%_done" });
      expect(await listNames(owner, `q=${encodeURIComponent("100%_d")}`)).toEqual([name]);
      expect(await listNames(owner, `q=${encodeURIComponent("%_%_%")}`)).toEqual([]);
    });

    it("filters by user_id: owned by or shared with that user", async () => {
      const author = await createUserSession(t.app, t.database.db, { teamId: admin.teamId });
      const reader = await createUserSession(t.app, t.database.db, { teamId: admin.teamId });
      const own = (await createPrompt(author, { visibility: "org" })).name;
      const sharedWithAuthor = (await createPrompt(owner, { visibility: "org" })).name;
      await call("POST", `/${sharedWithAuthor}/shares`, owner, { user_id: author.userId });
      await createPrompt(owner, { visibility: "org" });

      expect((await listNames(reader, `user_id=${author.userId}`)).sort()).toEqual([own, sharedWithAuthor].sort());
      expect((await call("GET", `?user_id=${author.userId}`, reader)).json().total).toBe(2);
      expect((await call("GET", "?user_id=nope", reader)).statusCode).toBe(422);
    });

    it("paginates by name with an exact total", async () => {
      const prefix = promptName("page");
      const names = ["e", "c", "a", "d", "b"].map((letter) => `${prefix}-${letter}`);
      for (const name of names) await createPrompt(owner, { name });
      const sorted = [...names].sort();

      const pages = [];
      for (const page of [1, 2, 3, 4]) {
        const response = await call("GET", `?q=${prefix}&page=${page}&page_size=2`, owner);
        expect(response.statusCode).toBe(200);
        const body = response.json();
        expect(body).toMatchObject({ total: 5, page, page_size: 2 });
        pages.push(body.items.map((item: { name: string }) => item.name));
      }
      expect(pages).toEqual([sorted.slice(0, 2), sorted.slice(2, 4), sorted.slice(4), []]);
    });

    it("refuses out-of-range paging with 422", async () => {
      for (const query of ["page_size=0", "page_size=101", "page=0", "include_deprecated=maybe"]) {
        const response = await call("GET", `?${query}`, null);
        expect(response.statusCode, query).toBe(422);
        expect(response.json().detail[0].loc[0]).toBe("query");
      }
    });
  });

  describe("served versions for expansion", () => {
    it("serves the pin, else the latest, skipping deprecated prompts and unknown names", async () => {
      const latest = await createPrompt(owner, { visibility: "public" });
      await addVersion(owner, latest.name, "2.0.0");
      const pinned = await createPrompt(owner);
      await addVersion(owner, pinned.name, "2.0.0");
      await call("POST", `/${pinned.name}/rollback/1.0.0`, owner);
      const deprecated = await createPrompt(owner);
      await call("DELETE", `/${deprecated.name}`, owner);
      await call("POST", `/${pinned.name}/shares`, owner, { user_id: sharee.userId });

      const db = t.database.db;
      const served = await findServedVersions(
        db,
        [latest.name, pinned.name, deprecated.name, "no-such-prompt"],
        sharee.userId,
      );
      expect([...served.keys()].sort()).toEqual([latest.name, pinned.name].sort());
      expect(served.get(latest.name)).toMatchObject({ version: { version: "2.0.0" }, sharedWithCaller: false });
      expect(served.get(pinned.name)).toMatchObject({
        prompt: { name: pinned.name, visibility: "private", userId: owner.userId },
        version: { version: "1.0.0" },
        sharedWithCaller: true,
      });
      expect((await findServedVersions(db, [pinned.name], null)).get(pinned.name)?.sharedWithCaller).toBe(false);
      expect((await findServedVersions(db, [], null)).size).toBe(0);

      const specific = await findPromptVersion(db, pinned.name, "2.0.0", sharee.userId);
      expect(specific).toMatchObject({ version: { version: "2.0.0" }, sharedWithCaller: true });
      expect(await findPromptVersion(db, pinned.name, "9.9.9", null)).toBeNull();
      expect(await findPromptVersion(db, deprecated.name, "1.0.0", null)).toBeNull();
    });
  });

  it("lists one prompt per row with its owner, latest and served versions", async () => {
    const { name } = await createPrompt(owner, { visibility: "public" });
    await addVersion(owner, name, "2.0.0");
    await call("POST", `/${name}/rollback/1.0.0`, owner);
    const response = await call("GET", `?q=${name}`);
    expect(response.json()).toMatchObject({
      total: 1,
      items: [
        {
          name,
          owner: { id: owner.userId, username: owner.username },
          latest_version: { version: "2.0.0" },
          active_version: { version: "1.0.0" },
          is_pinned: true,
        },
      ],
    });
  });
});
