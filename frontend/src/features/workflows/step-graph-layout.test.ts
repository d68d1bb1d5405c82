import { describe, expect, it } from "vitest";
import {
  describeStep,
  layoutStepGraph,
  STEP_NODE_HEIGHT,
  STEP_NODE_WIDTH,
  STEP_ROW_GAP,
  versionText,
} from "./step-graph-layout";

const step = (id: string, depends_on: string[] = [], extra: { prompt_version?: string; label?: string } = {}) => ({
  id,
  prompt_name: `${id}-prompt`,
  prompt_version: extra.prompt_version ?? null,
  label: extra.label ?? null,
  depends_on,
});

describe("layoutStepGraph", () => {
  it("puts the steps in one column in run order, not declaration order", () => {
    const layout = layoutStepGraph([step("review", ["draft"]), step("draft"), step("publish", ["review"])]);
    expect(layout.nodes.map((node) => [node.id, node.position, node.y])).toEqual([
      ["draft", 1, 0],
      ["review", 2, STEP_NODE_HEIGHT + STEP_ROW_GAP],
      ["publish", 3, 2 * (STEP_NODE_HEIGHT + STEP_ROW_GAP)],
    ]);
    expect(new Set(layout.nodes.map((node) => node.x))).toEqual(new Set([0]));
    expect(layout.height).toBe(3 * STEP_NODE_HEIGHT + 2 * STEP_ROW_GAP);
  });

  it("draws dependencies solid, the input hand-on between neighbours dashed, and side-routes skipping arrows", () => {
    const layout = layoutStepGraph([step("a"), step("b"), step("c", ["a"])]);
    expect(layout.edges).toEqual([
      { id: "a->b", source: "a", target: "b", kind: "input", skips: false },
      { id: "a->c", source: "a", target: "c", kind: "dependency", skips: true },
      { id: "b->c", source: "b", target: "c", kind: "input", skips: false },
    ]);
    expect(layout.nodes.find((node) => node.id === "c")?.receivesFrom).toEqual(["a", "b"]);
  });

  it("draws one arrow where a dependency is also the previous step", () => {
    const layout = layoutStepGraph([step("a"), step("b", ["a", "a"])]);
    expect(layout.edges).toEqual([{ id: "a->b", source: "a", target: "b", kind: "dependency", skips: false }]);
  });

  it("has nothing to draw for no steps", () => {
    expect(layoutStepGraph([])).toEqual({ nodes: [], edges: [], width: STEP_NODE_WIDTH, height: 0 });
  });
});

describe("step words", () => {
  it("say which version a step expands", () => {
    expect(versionText({ prompt_version: "3", label: null })).toBe("v3");
    expect(versionText({ prompt_version: null, label: "staging" })).toBe("label staging");
    expect(versionText({ prompt_version: null, label: null })).toBe("served version");
  });

  it("describe a step for the text alternative", () => {
    const [first, second] = layoutStepGraph([step("greet"), step("shout", ["greet"], { prompt_version: "2" })]).nodes;
    expect(describeStep(first!)).toBe("Step 1: greet, prompt greet-prompt (served version)");
    expect(describeStep(second!)).toBe("Step 2: shout, prompt shout-prompt (v2), receives the output of greet");
  });
});
