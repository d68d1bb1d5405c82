import { describe, expect, it } from "vitest";
import type { WorkflowStepDefinition } from "../../db/schema.js";
import { findGraphProblems, topologicalOrder } from "./workflow-graph.js";

const step = (id: string, depends_on: string[] = []): WorkflowStepDefinition => ({
  id,
  prompt_name: `p-${id}`,
  prompt_version: null,
  depends_on,
});

describe("topologicalOrder", () => {
  it("orders a diamond stably in declaration order", () => {
    const steps = [step("d", ["b", "c"]), step("c", ["a"]), step("b", ["a"]), step("a")];
    expect(topologicalOrder(steps).order.map((s) => s.id)).toEqual(["a", "c", "b", "d"]);
  });

  it("keeps independent steps in declaration order", () => {
    expect(topologicalOrder([step("x"), step("y"), step("z")]).order.map((s) => s.id)).toEqual(["x", "y", "z"]);
  });
});

describe("findGraphProblems", () => {
  it("accepts a DAG", () => {
    expect(findGraphProblems([step("a"), step("b", ["a"]), step("c", ["a", "b"])])).toEqual([]);
  });

  it("names duplicate ids, self dependencies and unknown dependencies", () => {
    expect(findGraphProblems([step("a"), step("a")]).map((p) => p.message)).toEqual(["Duplicate step id 'a'"]);
    expect(findGraphProblems([step("a", ["a"])]).map((p) => p.message)).toEqual(["Step 'a' depends on itself"]);
    expect(findGraphProblems([step("a", ["zz"])]).map((p) => p.message)).toEqual([
      "Step 'a' depends on unknown step 'zz'",
    ]);
  });

  it("names the steps of a cycle, and only those", () => {
    const problems = findGraphProblems([
      step("start"),
      step("a", ["start", "c"]),
      step("b", ["a"]),
      step("c", ["b"]),
      step("after", ["c"]),
    ]);
    expect(problems).toEqual([{ message: "Steps 'a', 'b', 'c' form a dependency cycle", steps: ["a", "b", "c"] }]);
  });
});
