import { describe, expect, it } from "vitest";
import { planRunInput, runOrder } from "./run-input";

const text = (description?: string) => ({ type: "string", ...(description ? { description } : {}) });
const object = (properties: Record<string, unknown>, required: string[] = []) => ({
  type: "object",
  properties,
  required,
});

describe("runOrder", () => {
  it("runs steps after their dependencies, otherwise in declaration order", () => {
    const steps = [
      { id: "publish", depends_on: ["draft", "review"] },
      { id: "outline", depends_on: [] },
      { id: "draft", depends_on: ["outline"] },
      { id: "review", depends_on: ["outline"] },
      { id: "title", depends_on: [] },
    ];
    expect(runOrder(steps).map((step) => step.id)).toEqual(["outline", "title", "draft", "review", "publish"]);
  });

  it("leaves out steps caught in a cycle", () => {
    const steps = [
      { id: "a", depends_on: ["b"] },
      { id: "b", depends_on: ["a"] },
      { id: "c", depends_on: [] },
    ];
    expect(runOrder(steps).map((step) => step.id)).toEqual(["c"]);
  });
});

describe("planRunInput", () => {
  const blogPost = [
    { id: "outline", depends_on: [] },
    { id: "draft", depends_on: ["outline"] },
  ];

  it("asks for a variable that a dependency's output fills in only where nothing fills it", () => {
    const plan = planRunInput(blogPost, {
      outline: object({ topic: text() }, ["topic"]),
      draft: object({ outline: text(), tone: text() }, ["outline"]),
    });
    expect(Object.keys(plan.schema.properties)).toEqual(["topic", "tone"]);
    expect(plan.schema.required).toEqual(["topic"]);
    expect(plan.filled).toEqual([{ step: "draft", variable: "outline", from: "outline" }]);
  });

  it("fills `input` from the previous step, except in the first step, where the run provides it", () => {
    const steps = [
      { id: "first", depends_on: [] },
      { id: "second", depends_on: [] },
    ];
    const plan = planRunInput(steps, {
      first: object({ input: text("Raw notes") }, ["input"]),
      second: object({ input: text() }, ["input"]),
    });
    expect(plan.schema.required).toEqual(["input"]);
    expect(plan.schema.properties.input?.description).toBe("Raw notes. Used by step first.");
    expect(plan.filled).toEqual([{ step: "second", variable: "input", from: "first" }]);
  });

  it("asks once for a variable several steps use, required if any of them requires it", () => {
    const plan = planRunInput(blogPost, {
      outline: object({ audience: { type: "string", enum: ["devs", "execs"] } }),
      draft: object({ audience: text(), words: { type: "integer" } }, ["words", "audience"]),
    });
    // The first step to declare a variable defines it.
    expect(plan.schema.properties.audience).toEqual({
      type: "string",
      enum: ["devs", "execs"],
      description: "Used by steps outline and draft.",
    });
    expect(plan.schema.required).toEqual(["words", "audience"]);
  });

  it("keeps each step's required variables first, in the order the step lists them", () => {
    const plan = planRunInput([{ id: "only", depends_on: [] }], {
      only: object({ note: text(), language: text(), code: text() }, ["code", "language"]),
    });
    expect(Object.keys(plan.schema.properties)).toEqual(["code", "language", "note"]);
    // A single step needs no "used by" note.
    expect(plan.schema.properties.code).toEqual({ type: "string" });
  });

  it("treats a step without a readable schema as asking nothing", () => {
    const plan = planRunInput(blogPost, { outline: object({ topic: text() }), draft: "not a schema" });
    expect(Object.keys(plan.schema.properties)).toEqual(["topic"]);
    expect(plan.filled).toEqual([]);
  });
});
