import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { MAX_IN_PROCESS_INPUT_CHARS, validateInProcess } from "./in-process-validation.js";

/** Checks input on the event loop as an expansion would; null means it went to the workers. */
function check(inputSchema: Record<string, unknown>, input: Record<string, unknown>) {
  return validateInProcess({ id: randomUUID(), inputSchema }, input, JSON.stringify(input).length);
}

const defaultSchema = {
  type: "object",
  properties: { input: { type: "string", description: "What to work on" } },
  required: ["input"],
};

describe("input validation on the event loop", () => {
  it("checks simple schemas in process, reporting problems as the workers do", () => {
    expect(check(defaultSchema, { input: "text" })).toEqual({ kind: "valid" });
    expect(check(defaultSchema, {})).toEqual({
      kind: "invalid",
      errors: [
        { instancePath: "", message: "must have required property 'input'", keyword: "required", field: "input" },
      ],
    });
    const nested = {
      type: "object",
      properties: {
        level: { enum: ["low", "high"] },
        files: { type: "array", maxItems: 3, items: { type: "object", properties: { path: { type: "string" } } } },
      },
      additionalProperties: false,
    };
    expect(check(nested, { level: "low", files: [{ path: "a.ts" }] })).toEqual({ kind: "valid" });
    expect(check(nested, { level: "medium", extra: 1 })).toMatchObject({
      kind: "invalid",
      errors: [
        { instancePath: "", keyword: "additionalProperties", field: "extra" },
        { instancePath: "/level", keyword: "enum" },
      ],
    });
  });

  it("leaves costly keywords, long enums and large schemas to the workers", () => {
    const withProperty = (schema: Record<string, unknown>) => ({ type: "object", properties: { input: schema } });
    expect(check(withProperty({ type: "string", pattern: "^(a+)+$" }), { input: "aaa" })).toBeNull();
    expect(check(withProperty({ type: "array", uniqueItems: true }), { input: [] })).toBeNull();
    expect(check({ $ref: "#/$defs/input", $defs: { input: { type: "object" } } }, {})).toBeNull();
    expect(check({ anyOf: [{ required: ["a"] }, { required: ["b"] }] }, { a: 1 })).toBeNull();
    expect(check(withProperty({ enum: Array.from({ length: 33 }, (_, i) => i) }), { input: 1 })).toBeNull();
    expect(check(withProperty({ enum: [{ kind: "object" }] }), { input: 1 })).toBeNull();
    const wide = Object.fromEntries(Array.from({ length: 250 }, (_, i) => [`field${i}`, { type: "string" }]));
    expect(check({ type: "object", properties: wide }, {})).toBeNull();
  });

  it("leaves large input to the workers", () => {
    expect(check(defaultSchema, { input: "x".repeat(MAX_IN_PROCESS_INPUT_CHARS) })).toBeNull();
  });
});
