import { describe, expect, it } from "vitest";
import type { AppError } from "../../http/errors.js";
import { checkVersionTemplates } from "./template-check.js";
import { renderPrompt } from "./template-engine.js";
import { locateSyntaxError } from "./template-locations.js";

const schema = (...names: string[]) => ({
  type: "object",
  properties: Object.fromEntries(names.map((name) => [name, { type: "string" }])),
});

const check = (userTemplate: string, inputSchema: Record<string, unknown> = schema("input"), systemTemplate?: string) =>
  checkVersionTemplates({ userTemplate, systemTemplate, inputSchema });

describe("syntax errors, located", () => {
  it.each([
    ["{% for x in %}", 1, 13, "unexpected '%}'"],
    ["Hello\n  {{ name + }}", 2, 13, "unexpected '}}'"],
    ["line one\n{% if ready %}never closed", 2, 4, "'{% if %}' is never closed: add '{% endif %}'"],
    ["a\nb {% endfor %}", 2, 6, "'{% endfor %}' has no matching '{% for %}'"],
    ["{{ 'no end }}", 1, 1, "'{{' is never closed with '}}'"],
    ["{% extends 'base' %}", 1, 4, "'{% extends %}' is not a known tag"],
    ["x {{ {'a': {'b': 1}} }} y {{ c ! }}", 1, 27, "unexpected character: !"],
    ["{{ 1 2 }}", 1, 6, "expected '}}', found a number"],
  ])("%j: line %i, column %i, %s", (source, line, column, message) => {
    expect(locateSyntaxError(source)).toEqual({ line, column, message });
  });

  it("finds nothing wrong with templates that parse", () => {
    expect(locateSyntaxError("{% for x in items %}{{ x }}{% endfor %}\n")).toBeNull();
  });

  it("reports syntax errors at expansion with their place too, in the author's words", () => {
    let detail = "";
    try {
      renderPrompt({
        templates: { systemTemplate: null, userTemplate: "ok\n{% for x in %}" },
        variables: {},
        includes: new Map(),
      });
    } catch (error) {
      detail = (error as AppError).detail;
    }
    expect(detail).toBe("Template syntax error: unexpected '%}' at line 2, column 13 (in user_template)");
  });
});

describe("checking a version before it is saved", () => {
  it("accepts schema properties, governance variables and names the template defines", () => {
    const result = check(
      "{{ code }} {{ policies }} {{ objectives }}{% for o in governance.objectives %}{{ o.title }}{% endfor %}" +
        "{% set n = 3 %}{{ n }}{% for i in range(n) %}{{ loop.index }}{% endfor %}{{ maybe | default('x') }}",
      schema("code"),
    );
    expect(result.problems).toEqual([]);
    expect(result.variables.map(({ name, kind }) => [name, kind])).toEqual([
      ["code", "input"],
      ["policies", "governance"],
      ["objectives", "governance"],
      ["governance", "governance"],
    ]);
  });

  it("refuses a variable the schema does not declare, naming it where it is first read", () => {
    const result = check("Review {{ code }}\nin {{ tone }} {{ tone }}", schema("code"), "You are {{ persona }}.");
    expect(result.problems).toEqual([
      {
        field: "system_template",
        line: 1,
        column: 12,
        code: "unknown_variable",
        name: "persona",
        message: "'persona' is not in the input schema: add it to input_schema's properties, or set it in the template",
      },
      expect.objectContaining({ field: "user_template", line: 2, column: 7, code: "unknown_variable", name: "tone" }),
    ]);
    expect(result.variables.filter((v) => v.kind === "unknown").map((v) => v.name)).toEqual(["persona", "tone"]);
  });

  it("checks the default user template, which renders `input`", () => {
    expect(check("", schema("code")).problems.map((p) => p.name)).toEqual(["input"]);
    expect(check("", schema("input")).problems).toEqual([]);
  });

  it("refuses input schema properties named like a governance variable", () => {
    const result = check("{{ code }}", schema("code", "policies", "objectives", "governance"));
    expect(result.problems.map((p) => [p.field, p.code, p.name])).toEqual([
      ["input_schema", "reserved_name", "policies"],
      ["input_schema", "reserved_name", "objectives"],
      ["input_schema", "reserved_name", "governance"],
    ]);
  });

  it("refuses a loop over the governance strings, pointing at the list to use", () => {
    const result = check("{% for o in objectives %}{{ o }}{% endfor %}");
    expect(result.problems).toEqual([
      expect.objectContaining({ code: "governance_loop", line: 1, column: 13, name: "objectives" }),
    ]);
    expect(result.problems[0]?.message).toContain("loop over governance.objectives");
  });

  it("finds the prompts included by name, and stops at a syntax error", () => {
    const included = check("{{ include_prompt('header') }}\n{{ include_prompt( \"footer\" ) }}");
    expect(included.includes).toEqual([
      { name: "header", field: "user_template", line: 1, column: 4 },
      { name: "footer", field: "user_template", line: 2, column: 4 },
    ]);
    const broken = check("{{ unknown }} {% if %}");
    expect(broken.problems.map((p) => p.code)).toEqual(["template_syntax_error"]);
  });
});
