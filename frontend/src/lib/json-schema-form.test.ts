import { describe, expect, it } from "vitest";
import { humanize, initialValues, inputToValues, schemaToFields, valuesToInput } from "./json-schema-form";

const reviewSchema = {
  type: "object",
  properties: {
    code: { type: "string", description: "The code to review" },
    language: { type: "string", enum: ["python", "go"] },
    strict: { type: "boolean", default: true },
    max_comments: { type: "integer", minimum: 1, maximum: 50 },
    temperature: { type: "number" },
    focus: { type: "array", items: { type: "string" } },
    options: { type: "object" },
    title: { type: "string", maxLength: 80, title: "Headline" },
  },
  required: ["language", "code"],
};

describe("schemaToFields", () => {
  it("lists the properties in the schema's order, as the author wrote them and IDEs show them", () => {
    expect(schemaToFields(reviewSchema).map((field) => field.name)).toEqual([
      "code",
      "language",
      "strict",
      "max_comments",
      "temperature",
      "focus",
      "options",
      "title",
    ]);
  });

  it("picks a control for each kind of property", () => {
    const kinds = Object.fromEntries(schemaToFields(reviewSchema).map((field) => [field.name, field.kind]));
    expect(kinds).toEqual({
      language: "select",
      code: "textarea",
      strict: "boolean",
      max_comments: "integer",
      temperature: "number",
      focus: "lines",
      options: "json",
      title: "text",
    });
  });

  it("labels fields with the schema title, else the humanized name, and keeps descriptions", () => {
    const fields = schemaToFields(reviewSchema);
    expect(fields.find((f) => f.name === "title")?.label).toBe("Headline");
    expect(fields.find((f) => f.name === "max_comments")?.label).toBe("Max comments");
    expect(fields.find((f) => f.name === "code")).toMatchObject({ description: "The code to review", required: true });
  });

  it("encodes enum members as JSON so non-string members survive the round trip", () => {
    const [field] = schemaToFields({ type: "object", properties: { level: { enum: [1, 2, "max"] } } });
    expect(field?.options).toEqual([
      { value: "1", label: "1" },
      { value: "2", label: "2" },
      { value: '"max"', label: "max" },
    ]);
    const result = valuesToInput([field!], { level: "2" });
    expect(result).toEqual({ ok: true, input: { level: 2 } });
  });

  it("reads nullable type lists by their non-null type", () => {
    const [field] = schemaToFields({ type: "object", properties: { n: { type: ["null", "integer"] } } });
    expect(field?.kind).toBe("integer");
  });

  it("treats anything it cannot read as no fields", () => {
    expect(schemaToFields(null)).toEqual([]);
    expect(schemaToFields({ type: "object" })).toEqual([]);
    expect(schemaToFields([1, 2])).toEqual([]);
  });

  it("turns a property without a usable type into a JSON field", () => {
    const [field] = schemaToFields({ type: "object", properties: { anything: {} } });
    expect(field?.kind).toBe("json");
    expect(field?.jsonType).toBeUndefined();
  });
});

describe("initialValues", () => {
  it("starts from each property's default, in the control's representation", () => {
    const schema = {
      type: "object",
      properties: {
        strict: { type: "boolean", default: true },
        tone: { enum: ["dry", "warm"], default: "warm" },
        tags: { type: "array", items: { type: "string" }, default: ["a", "b"] },
        options: { type: "object", default: { depth: 2 } },
        count: { type: "integer", default: 3 },
        note: { type: "string" },
        flag: { type: "boolean" },
      },
    };
    expect(initialValues(schema)).toEqual({
      strict: true,
      tone: '"warm"',
      tags: "a\nb",
      options: '{\n  "depth": 2\n}',
      count: "3",
      note: "",
      flag: false,
    });
  });
});

describe("valuesToInput", () => {
  const fields = schemaToFields(reviewSchema);
  const filled = {
    ...initialValues(reviewSchema, fields),
    language: '"go"',
    code: "  fmt.Println(1)  ",
  };

  it("converts the form's strings to the schema's types and leaves empty optional fields out", () => {
    expect(valuesToInput(fields, filled)).toEqual({
      ok: true,
      input: { language: "go", code: "  fmt.Println(1)  ", strict: true },
    });
    expect(
      valuesToInput(fields, {
        ...filled,
        max_comments: " 5 ",
        temperature: "0.5",
        focus: "bugs\n\n style \n",
        options: '{"depth": 2}',
        title: "Hi",
      }),
    ).toEqual({
      ok: true,
      input: {
        language: "go",
        code: "  fmt.Println(1)  ",
        strict: true,
        max_comments: 5,
        temperature: 0.5,
        focus: ["bugs", "style"],
        options: { depth: 2 },
        title: "Hi",
      },
    });
  });

  it("names every problem by field", () => {
    const result = valuesToInput(fields, {
      ...filled,
      language: "",
      code: "",
      max_comments: "2.5",
      temperature: "warm",
      options: "[1]",
    });
    expect(result).toEqual({
      ok: false,
      errors: {
        language: "Required",
        code: "Required",
        max_comments: "Enter a whole number",
        temperature: "Enter a number",
        options: 'Must be a JSON object, like {"key": "value"}',
      },
    });
  });

  it("checks minimum and maximum, and JSON syntax", () => {
    expect(valuesToInput(fields, { ...filled, max_comments: "0" })).toMatchObject({
      errors: { max_comments: "Must be at least 1" },
    });
    expect(valuesToInput(fields, { ...filled, max_comments: "51" })).toMatchObject({
      errors: { max_comments: "Must be at most 50" },
    });
    expect(valuesToInput(fields, { ...filled, options: "{oops" })).toMatchObject({
      errors: { options: "Not valid JSON" },
    });
  });

  it("keeps whitespace-only text as typed: for a template it may matter", () => {
    const [field] = schemaToFields({ type: "object", properties: { text: { type: "string" } }, required: ["text"] });
    expect(valuesToInput([field!], { text: "  " })).toEqual({ ok: true, input: { text: "  " } });
  });

  it("requires at least one line in a required list", () => {
    const [field] = schemaToFields({
      type: "object",
      properties: { items: { type: "array", items: { type: "string" } } },
      required: ["items"],
    });
    expect(valuesToInput([field!], { items: "\n \n" })).toEqual({ ok: false, errors: { items: "Required" } });
  });
});

describe("humanize", () => {
  it.each([
    ["user_name", "User name"],
    ["userName", "User name"],
    ["max-tokens", "Max tokens"],
    ["input", "Input"],
    ["API_key", "Api key"],
  ])("%s → %s", (name, label) => {
    expect(humanize(name)).toBe(label);
  });
});

describe("inputToValues", () => {
  it("puts an input object back into the form, so it converts back to the same input", () => {
    const fields = schemaToFields(reviewSchema);
    const input = {
      language: "go",
      code: "x := 1",
      strict: false,
      max_comments: 3,
      focus: ["bugs"],
      options: { a: 1 },
    };
    const values = inputToValues(fields, { ...input, unknown: "left out" });
    expect(values).toMatchObject({ language: '"go"', max_comments: "3", focus: "bugs", temperature: "" });
    expect(values).not.toHaveProperty("unknown");
    expect(valuesToInput(fields, values)).toEqual({ ok: true, input });
  });
});
