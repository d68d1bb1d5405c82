import { zodResolver } from "@hookform/resolvers/zod";
import { describe, expect, it } from "vitest";
import {
  addSchemaProperty,
  DEFAULT_INPUT_SCHEMA,
  formFieldFor,
  nextVersionLabel,
  toPromptDetailsBody,
  toVersionBody,
  versionFormDefaults,
} from "./form-values";
import { NEW_LABEL } from "./labels";
import { moveLabelSchema, promptFormSchema } from "./schemas";
import { parseInputSchema, parseTags } from "./version-text";

describe("nextVersionLabel", () => {
  it.each([
    ["1.0.0", "1.0.1"],
    ["1.0.9", "1.0.10"],
    ["v2", "v3"],
    ["2024-01", "2024-02"],
    ["1.2.3-beta", "1.2.4-beta"],
    ["007", "008"],
    ["draft", "draft.1"],
    [undefined, "1.0.0"],
  ])("%s → %s", (latest, next) => {
    expect(nextVersionLabel(latest)).toBe(next);
  });
});

describe("parseTags", () => {
  it("splits on commas, trims, drops empties and duplicates", () => {
    expect(parseTags(" review, python ,, review ,")).toEqual(["review", "python"]);
    expect(parseTags("")).toEqual([]);
  });
});

describe("parseInputSchema", () => {
  it("accepts a JSON object schema", () => {
    expect(parseInputSchema(JSON.stringify(DEFAULT_INPUT_SCHEMA))).toEqual({ ok: true, schema: DEFAULT_INPUT_SCHEMA });
    expect(parseInputSchema("{}")).toEqual({ ok: true, schema: {} });
  });

  it("says what is wrong otherwise", () => {
    expect(parseInputSchema("{oops")).toMatchObject({ ok: false, error: expect.stringMatching(/^Not valid JSON/) });
    expect(parseInputSchema("[]")).toMatchObject({ ok: false, error: expect.stringMatching(/^Must be a JSON object/) });
    expect(parseInputSchema('{"type": "string"}')).toMatchObject({
      ok: false,
      error: expect.stringContaining('"object"'),
    });
  });
});

describe("addSchemaProperty", () => {
  it("adds a text property after the existing ones, keeping their order", () => {
    const text = JSON.stringify({ type: "object", properties: { code: { type: "integer" } }, required: ["code"] });
    const added = addSchemaProperty(text, "focus");
    expect(added).not.toBeNull();
    const schema = JSON.parse(added as string);
    expect(Object.keys(schema.properties)).toEqual(["code", "focus"]);
    expect(schema.properties.focus).toEqual({ type: "string" });
    expect(schema.required).toEqual(["code"]);
  });

  it("starts the properties of a schema that has none, and leaves a declared one alone", () => {
    expect(JSON.parse(addSchemaProperty("{}", "tone") as string)).toEqual({
      type: "object",
      properties: { tone: { type: "string" } },
    });
    const text = '{"properties": {"tone": {"type": "string"}}}';
    expect(addSchemaProperty(text, "tone")).toBe(text);
  });

  it("gives up on text that is not a schema object yet", () => {
    expect(addSchemaProperty('{"type": "obj', "x")).toBeNull();
    expect(addSchemaProperty('{"type": "array"}', "x")).toBeNull();
  });
});

describe("the prompt form", () => {
  const valid = { name: "code-review", description: "", visibility: "private" as const, ...versionFormDefaults(null) };

  it("starts a first version at 1.0.0 with the backend's default input schema", () => {
    expect(versionFormDefaults(null)).toMatchObject({ version: "1.0.0", tags: "" });
    expect(JSON.parse(versionFormDefaults(null).input_schema)).toEqual(DEFAULT_INPUT_SCHEMA);
  });

  it("validates the name, the tags and the schema text", () => {
    expect(promptFormSchema.safeParse(valid).success).toBe(true);
    const result = promptFormSchema.safeParse({
      ...valid,
      name: "Code Review",
      tags: Array.from({ length: 21 }, (_, i) => `t${i}`).join(","),
      input_schema: "[]",
    });
    expect(result.success).toBe(false);
    const fields = result.error?.issues.map((issue) => issue.path.join(".")).sort();
    expect(fields).toEqual(["input_schema", "name", "tags"]);
  });

  it("holds the version's fields to the API's lengths", () => {
    const longest = {
      ...valid,
      version: "v".repeat(50),
      tags: Array.from({ length: 20 }, (_, i) => `${i}`.padEnd(50, "t")).join(","),
      user_template: "u".repeat(100_000),
      change_note: "n".repeat(2000),
    };
    expect(promptFormSchema.safeParse(longest).success).toBe(true);
    const result = promptFormSchema.safeParse({
      ...longest,
      version: "v".repeat(51),
      tags: "t".repeat(51),
      user_template: "u".repeat(100_001),
      change_note: "n".repeat(2001),
    });
    const messages = Object.fromEntries(result.error?.issues.map((issue) => [issue.path[0], issue.message]) ?? []);
    expect(messages).toEqual({
      version: "At most 50 characters",
      tags: "Each tag has at most 50 characters",
      user_template: "At most 100,000 characters",
      change_note: "At most 2,000 characters",
    });
  });

  it("builds the version body: tags as a list, empty templates as null, the schema as an object", () => {
    expect(
      toVersionBody({
        version: " 1.1 ",
        tags: "a, b",
        system_template: "  ",
        user_template: "Hi {{ input }}",
        input_schema: "{}",
        change_note: "  ",
      }),
    ).toEqual({
      version: "1.1",
      tags: ["a", "b"],
      system_template: null,
      user_template: "Hi {{ input }}",
      input_schema: {},
    });
  });

  it("sends a change note only when there is one, trimmed", () => {
    const values = { ...versionFormDefaults(null), change_note: " Shorter answers. " };
    expect(toVersionBody(values).change_note).toBe("Shorter answers.");
    expect(promptFormSchema.safeParse({ ...valid, change_note: "x".repeat(2001) }).success).toBe(false);
  });

  it("prefills a new version from an existing one", () => {
    const values = versionFormDefaults({
      version: "1.4.0",
      system_template: null,
      user_template: "Do {{ input }}",
      input_schema: { type: "object" },
      tags: ["x", "y"],
    });
    expect(values).toEqual({
      version: "1.4.1",
      tags: "x, y",
      system_template: "",
      user_template: "Do {{ input }}",
      input_schema: '{\n  "type": "object"\n}',
      change_note: "",
    });
  });

  it("maps the backend's field paths to form fields", () => {
    expect(formFieldFor("version.input_schema")).toBe("input_schema");
    expect(formFieldFor("version.tags[3]")).toBe("tags");
    expect(formFieldFor("name")).toBe("name");
    expect(formFieldFor("input_schema.properties")).toBe("input_schema");
  });
});

describe("toPromptDetailsBody", () => {
  it("clears a blank description and keeps the visibility", () => {
    expect(toPromptDetailsBody({ description: "  ", visibility: "org" })).toEqual({
      description: null,
      visibility: "org",
    });
    expect(toPromptDetailsBody({ description: " Reviews code ", visibility: "private" })).toEqual({
      description: "Reviews code",
      visibility: "private",
    });
  });
});

describe("the new-prompt form's messages", () => {
  // The form validates through this resolver (loaded on demand): one message per field, the first problem found.
  const messages = async (values: Record<string, string>) => {
    const { errors } = await zodResolver(promptFormSchema)(
      { name: "code-review", description: "", visibility: "private", ...versionFormDefaults(null), ...values },
      undefined,
      { fields: {}, shouldUseNativeValidation: false },
    );
    return Object.fromEntries(Object.entries(errors).map(([field, error]) => [field, error?.message]));
  };

  it("says first what is missing, then what is wrong", async () => {
    expect(await messages({ name: "", version: " " })).toEqual({
      name: "Name the prompt",
      version: "Give the version a label, like 1.0.0",
    });
    expect(await messages({ name: "Code Review" })).toEqual({
      name: "Lower-case letters, digits and '-' only, e.g. code-review",
    });
  });

  it("names the problem of tags and of the input schema under their own fields", async () => {
    expect(
      await messages({
        tags: Array.from({ length: 21 }, (_, index) => `tag${index}`).join(","),
        input_schema: '{"type": "array"}',
      }),
    ).toEqual({
      tags: "At most 20 tags",
      input_schema: 'Expansion input is an object: the schema\'s "type" must be "object"',
    });
  });
});

describe("moveLabelSchema", () => {
  const schema = moveLabelSchema(["production", "staging"]);
  const problem = (values: { choice: string; new_label: string }) =>
    schema.safeParse({ ...values, comment: "" }).error?.issues.map((issue) => [issue.path.join("."), issue.message]);

  it("takes a listed label as it is, whatever the new-label box holds", () => {
    expect(problem({ choice: "staging", new_label: "Not A Label" })).toBeUndefined();
  });

  it("checks a new label under its own field, and refuses one the prompt has", () => {
    expect(problem({ choice: NEW_LABEL, new_label: " canary " })).toBeUndefined();
    expect(problem({ choice: NEW_LABEL, new_label: "" })).toEqual([["new_label", "Name the label, e.g. staging"]]);
    expect(problem({ choice: NEW_LABEL, new_label: "staging" })).toEqual([
      ["new_label", "staging exists: choose it in the list"],
    ]);
  });
});
