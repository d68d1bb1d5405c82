import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { prompts, promptVersions } from "../../db/schema.js";
import {
  createPromptThroughApi,
  createUserSession,
  registerAdmin,
  type Session,
  sender,
  unique,
} from "../../test/factories.js";
import { createTestContext, type TestContext } from "../../test/harness.js";

let t: TestContext;
let send: ReturnType<typeof sender>;
let admin: Session;
let owner: Session;
let other: Session;

beforeAll(async () => {
  t = await createTestContext();
  send = sender(t.app);
  admin = await registerAdmin(t.app);
  owner = await createUserSession(t.app, t.database.db, { teamId: admin.teamId });
  other = await createUserSession(t.app, t.database.db, { teamId: admin.teamId });
});
afterAll(async () => t?.close());

const promptName = () => unique("authoring").toLowerCase();

const schema = (...names: string[]) => ({
  type: "object",
  properties: Object.fromEntries(names.map((name) => [name, { type: "string" }])),
});

async function createPrompt(session: Session, version: Record<string, unknown>, visibility = "private") {
  return createPromptThroughApi(t.app, session, promptName(), version, visibility);
}

describe("saving a version", () => {
  it("refuses a template that does not parse, naming line, column and problem; the served version stays", async () => {
    const name = await createPrompt(owner, { user_template: "Review {{ input }}", input_schema: schema("input") });
    const broken = await send("PUT", `/api/v1/prompts/${name}`, owner, {
      version: "2",
      user_template: "{% for x in %}",
    });
    expect(broken.statusCode).toBe(422);
    expect(broken.json()).toEqual({
      detail: "Template syntax error: unexpected '%}' at line 1, column 13 (in user_template)",
      code: "template_syntax_error",
    });

    const created = await send("POST", "/api/v1/prompts", owner, {
      name: promptName(),
      version: { version: "1", system_template: "fine\n\n{% if x %}", input_schema: schema("x", "input") },
    });
    expect(created.statusCode).toBe(422);
    expect(created.json().detail).toBe(
      "Template syntax error: '{% if %}' is never closed: add '{% endif %}' at line 3, column 4 (in system_template)",
    );

    const expanded = await send("POST", `/api/v1/expand/${name}`, owner, { input: { input: "x" } });
    expect(expanded.json()).toMatchObject({ prompt_version: "1", user_message: "Review x" });
  });

  it("refuses a variable that is not in the input schema, naming it", async () => {
    const name = await createPrompt(owner, { user_template: "{{ code }}", input_schema: schema("code") });
    const response = await send("PUT", `/api/v1/prompts/${name}`, owner, {
      version: "2",
      system_template: "Tone: {{ tone }}",
      user_template: "{{ code }} {{ lang }}",
      input_schema: schema("code"),
    });
    expect(response.statusCode).toBe(422);
    expect(response.json().code).toBe("unknown_variable");
    expect(response.json().detail).toBe(
      "Template variable error: 'tone' is not in the input schema: add it to input_schema's properties, or set it in " +
        "the template at line 1, column 10 (in system_template); Template variable error: 'lang' is not in the input " +
        "schema: add it to input_schema's properties, or set it in the template at line 1, column 15 (in user_template)",
    );
  });

  it("accepts governance variables and names the template sets, without declaring them", async () => {
    await createPrompt(owner, {
      user_template:
        "{{ policies }}{{ objectives }}{% for p in governance.policies %}{{ p.name }}{% endfor %}" +
        "{% set total = 2 %}{{ total }}{% for i in range(total) %}{{ i }}{% endfor %}",
      input_schema: { type: "object" },
    });
  });

  it("refuses input schema properties named like a governance variable", async () => {
    for (const reserved of ["policies", "objectives", "governance"]) {
      const response = await send("POST", "/api/v1/prompts", owner, {
        name: promptName(),
        version: { version: "1", user_template: "{{ code }}", input_schema: schema("code", reserved) },
      });
      expect(response.statusCode).toBe(422);
      expect(response.json()).toEqual({
        detail: `Input schema error: input_schema property '${reserved}' is reserved: governance fills '${reserved}' for every caller, so rename the property (in input_schema)`,
        code: "reserved_name",
      });
    }
  });

  it("refuses an include of a prompt that does not exist or that the author cannot see", async () => {
    const hidden = await createPrompt(other, { user_template: "secret", input_schema: schema() });
    const visible = await createPrompt(other, { user_template: "shared", input_schema: schema() }, "org");
    const response = await send("POST", "/api/v1/prompts", owner, {
      name: promptName(),
      version: {
        version: "1",
        user_template: `{{ include_prompt('${visible}') }}\n{{ include_prompt('${hidden}') }} {{ include_prompt('no-such-prompt') }}`,
        input_schema: schema(),
      },
    });
    expect(response.statusCode).toBe(422);
    expect(response.json()).toEqual({
      code: "unknown_include",
      detail:
        `Template include error: include_prompt('${hidden}') names no prompt you can see: it would render as "prompt not found" at line 2, column 4 (in user_template); ` +
        `Template include error: include_prompt('no-such-prompt') names no prompt you can see: it would render as "prompt not found" at line 2, column ${hidden.length + 29} (in user_template)`,
    });
    // The admin sees every prompt, so the same include saves for them.
    await createPrompt(admin, { user_template: `{{ include_prompt('${hidden}') }}`, input_schema: schema() });
  });

  it("refuses a loop over the policies or objectives strings", async () => {
    const response = await send("POST", "/api/v1/prompts", owner, {
      name: promptName(),
      version: { version: "1", user_template: "{% for p in policies %}{{ p }}{% endfor %}", input_schema: schema() },
    });
    expect(response.statusCode).toBe(422);
    expect(response.json().code).toBe("governance_loop");
    expect(response.json().detail).toContain("loop over governance.policies");
  });

  it("leaves stored versions alone: a version saved before the checks still expands", async () => {
    const db = t.database.db;
    const name = promptName();
    const [prompt] = await db.insert(prompts).values({ name, userId: owner.userId, visibility: "private" }).returning();
    const [version] = await db
      .insert(promptVersions)
      .values({ promptId: prompt?.id as string, version: "old", userTemplate: "Hi {{ who }}", inputSchema: {} })
      .returning();
    await db
      .update(prompts)
      .set({ latestVersionId: version?.id })
      .where(eq(prompts.id, prompt?.id as string));
    await t.changesSeen();
    const response = await send("POST", `/api/v1/expand/${name}`, owner, { input: { who: "there" } });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json().user_message).toBe("Hi there");
  });
});

describe("the validate endpoint", () => {
  it("answers the problems saving would refuse and the variables found, saving nothing", async () => {
    const response = await send("POST", "/api/v1/prompts/validate", owner, {
      system_template: "You review {{ language }} code.",
      user_template: "{{ code }}\n{% if strict %}Be strict.{% endif %} {{ focus }}\n{{ objectives }}",
      input_schema: schema("code", "language", "strict"),
    });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toEqual({
      valid: false,
      problems: [
        {
          field: "user_template",
          line: 2,
          column: 41,
          code: "unknown_variable",
          name: "focus",
          message: "'focus' is not in the input schema: add it to input_schema's properties, or set it in the template",
        },
      ],
      variables: [
        { name: "language", kind: "input", field: "system_template", line: 1, column: 15 },
        { name: "code", kind: "input", field: "user_template", line: 1, column: 4 },
        { name: "strict", kind: "input", field: "user_template", line: 2, column: 7 },
        { name: "focus", kind: "unknown", field: "user_template", line: 2, column: 41 },
        { name: "objectives", kind: "governance", field: "user_template", line: 3, column: 4 },
      ],
      includes: [],
      preview: null,
    });

    const syntax = await send("POST", "/api/v1/prompts/validate", owner, { user_template: "{{ input }\n" });
    expect(syntax.json()).toMatchObject({
      valid: false,
      problems: [{ field: "user_template", line: 1, column: 1, code: "template_syntax_error" }],
    });
    const invalidSchema = await send("POST", "/api/v1/prompts/validate", owner, {
      user_template: "{{ input }}",
      input_schema: { type: "not-a-type", properties: { input: {} } },
    });
    expect(invalidSchema.json().problems).toEqual([
      expect.objectContaining({ field: "input_schema", line: null, code: "invalid_input_schema" }),
    ]);
    const fine = await send("POST", "/api/v1/prompts/validate", owner, { user_template: "Hello {{ input }}" });
    expect(fine.json()).toMatchObject({ valid: true, problems: [] });
  });

  it("renders the draft with sample input for its author, defaults filled in, or says why it cannot", async () => {
    const draft = {
      system_template: "Rules: {{ policies }}",
      user_template: "Review {{ code }}{% if focus %} for {{ focus }}{% endif %} ({{ level }})",
      input_schema: {
        type: "object",
        properties: { code: { type: "string" }, focus: { type: "string" }, level: { type: "integer", default: 2 } },
        required: ["code"],
      },
    };
    const rendered = await send("POST", "/api/v1/prompts/validate", owner, { ...draft, input: { code: "x()" } });
    expect(rendered.json().preview).toEqual({
      system_message: "Rules: ",
      user_message: "Review x() (2)",
      applied_policies: [],
      objectives: [],
      error: null,
    });
    const invalid = await send("POST", "/api/v1/prompts/validate", owner, { ...draft, input: { level: "high" } });
    expect(invalid.json().preview).toMatchObject({ user_message: "", error: expect.stringMatching(/code/) });
    const withoutInput = await send("POST", "/api/v1/prompts/validate", owner, draft);
    expect(withoutInput.json().preview).toBeNull();
  });

  it("needs a signed-in caller", async () => {
    const response = await send("POST", "/api/v1/prompts/validate", null, { user_template: "{{ input }}" });
    expect(response.statusCode).toBe(401);
  });
});

describe("input schema property order", () => {
  it("comes back as the author wrote it, in the prompt, its versions and the expansion's checks", async () => {
    const inputSchema = {
      type: "object",
      properties: {
        code: { type: "string" },
        language: { type: "string" },
        strict: { type: "boolean", default: false },
        focus: { type: "string" },
      },
      required: ["code"],
    };
    const name = await createPrompt(owner, {
      user_template: "{{ code }}{{ language }}{{ strict }}{{ focus }}",
      input_schema: inputSchema,
    });
    const expected = ["code", "language", "strict", "focus"];
    const prompt = (await send("GET", `/api/v1/prompts/${name}`, owner)).json();
    expect(Object.keys(prompt.latest_version.input_schema.properties)).toEqual(expected);
    expect(Object.keys(prompt.latest_version.input_schema)).toEqual(["type", "properties", "required"]);
    const versions = (await send("GET", `/api/v1/prompts/${name}/versions`, owner)).json();
    expect(Object.keys(versions[0].input_schema.properties)).toEqual(expected);
    const listed = (await send("GET", `/api/v1/prompts?q=${name}`, owner)).json();
    expect(Object.keys(listed.items[0].active_version.input_schema.properties)).toEqual(expected);
  });
});
