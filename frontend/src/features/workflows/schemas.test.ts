import { describe, expect, it } from "vitest";
import { ApiError } from "@/lib/api/errors";
import {
  type DraftStep,
  localStepProblems,
  matchesWorkflow,
  moveStep,
  nextStepId,
  parseRunInput,
  parseStepProblems,
  removeStep,
  renameStep,
  serverStepProblems,
  stepIdProblem,
  toStepsBody,
} from "./schemas";

const step = (key: string, id: string, depends_on: string[] = [], prompt_name = "p"): DraftStep => ({
  key,
  id,
  prompt_name,
  prompt_version: "",
  depends_on,
});

describe("parseStepProblems", () => {
  it("names the step that depends on an unknown one, not the unknown one", () => {
    expect(parseStepProblems("Step 'b' depends on unknown step 'x'")).toEqual([
      { message: "Step 'b' depends on unknown step 'x'", steps: ["b"] },
    ]);
  });

  it("names every step of a cycle", () => {
    expect(parseStepProblems("Steps 'a', 'b', 'c_1' form a dependency cycle")).toEqual([
      { message: "Steps 'a', 'b', 'c_1' form a dependency cycle", steps: ["a", "b", "c_1"] },
    ]);
  });

  it("splits several problems joined by '; '", () => {
    const message =
      "Duplicate step id 'a'; Step 'b' depends on itself; Step 'c' uses version '1; 2' of prompt 'p', which does not exist or is not visible to you";
    expect(parseStepProblems(message)).toEqual([
      { message: "Duplicate step id 'a'", steps: ["a"] },
      { message: "Step 'b' depends on itself", steps: ["b"] },
      {
        message: "Step 'c' uses version '1; 2' of prompt 'p', which does not exist or is not visible to you",
        steps: ["c"],
      },
    ]);
  });

  it("keeps a message about no step in particular", () => {
    expect(parseStepProblems("Workflow not found")).toEqual([{ message: "Workflow not found", steps: [] }]);
  });
});

describe("serverStepProblems", () => {
  const steps = [step("k1", "a"), step("k2", "b"), step("k3", "a")];

  it("puts a cycle's message on each step in it", () => {
    const error = new ApiError(422, { detail: "Steps 'a', 'b' form a dependency cycle", code: "invalid_workflow" });
    const { byStep, general } = serverStepProblems(error, steps);
    expect(byStep).toEqual({
      k1: ["Steps 'a', 'b' form a dependency cycle"],
      k2: ["Steps 'a', 'b' form a dependency cycle"],
      k3: ["Steps 'a', 'b' form a dependency cycle"],
    });
    expect(general).toEqual([]);
  });

  it("maps schema problems to steps by position", () => {
    const error = new ApiError(422, {
      detail: [
        { loc: ["body", "steps", 1, "id"], msg: "must be 1-64 letters", type: "custom" },
        { loc: ["body", "name"], msg: "must not be empty", type: "custom" },
      ],
    });
    expect(serverStepProblems(error, steps)).toEqual({
      byStep: { k2: ["id: must be 1-64 letters"] },
      general: ["name: must not be empty"],
    });
  });

  it("leaves other errors alone", () => {
    expect(serverStepProblems(new ApiError(403, { detail: "No" }), steps)).toEqual({ byStep: {}, general: [] });
  });
});

describe("step ids", () => {
  it.each([
    ["", "Give the step an id"],
    ["input", "'input' is reserved for the run input"],
    ["1st", "Letters, digits and '_' only, not starting with a digit (at most 64)"],
    ["has-dash", "Letters, digits and '_' only, not starting with a digit (at most 64)"],
    ["x".repeat(65), "Letters, digits and '_' only, not starting with a digit (at most 64)"],
  ])("refuses %j", (id, message) => {
    expect(stepIdProblem(id)).toBe(message);
  });

  it.each(["a", "_x", "Step_2", "x".repeat(64)])("accepts %j", (id) => {
    expect(stepIdProblem(id)).toBeNull();
  });

  it("suggests a free id", () => {
    expect(nextStepId([])).toBe("step_1");
    expect(nextStepId([{ id: "step_2" }, { id: "x" }])).toBe("step_3");
    expect(nextStepId([{ id: "step_2" }])).toBe("step_3");
  });
});

describe("editing steps", () => {
  it("renames a step and the dependencies on it", () => {
    const renamed = renameStep([step("k1", "a"), step("k2", "b", ["a"])], "k1", "first");
    expect(renamed.map((s) => [s.id, s.depends_on])).toEqual([
      ["first", []],
      ["b", ["first"]],
    ]);
  });

  it("removes a step and the dependencies on it", () => {
    const left = removeStep([step("k1", "a"), step("k2", "b", ["a"])], "k1");
    expect(left).toEqual([step("k2", "b", [])]);
  });

  it("moves a step up or down, and not past the ends", () => {
    expect(moveStep(["a", "b", "c"], 2, -1)).toEqual(["a", "c", "b"]);
    expect(moveStep(["a", "b", "c"], 0, 1)).toEqual(["b", "a", "c"]);
    expect(moveStep(["a", "b"], 0, -1)).toEqual(["a", "b"]);
  });

  it("finds bad ids and missing prompts before saving", () => {
    expect(localStepProblems([step("k1", "input"), step("k2", "ok", [], " ")])).toEqual({
      k1: ["'input' is reserved for the run input"],
      k2: ["Pick a prompt"],
    });
  });

  it("sends an empty version as the served one", () => {
    expect(toStepsBody([{ ...step("k", "a", ["b"], " p "), prompt_version: "" }])).toEqual([
      { id: "a", prompt_name: "p", prompt_version: null, depends_on: ["b"] },
    ]);
  });
});

describe("parseRunInput", () => {
  it("accepts an object, or nothing", () => {
    expect(parseRunInput('{"topic": "x"}')).toEqual({ ok: true, input: { topic: "x" } });
    expect(parseRunInput("  ")).toEqual({ ok: true, input: {} });
  });

  it("refuses other JSON and broken text", () => {
    expect(parseRunInput("[1]")).toMatchObject({ ok: false });
    expect(parseRunInput("{")).toMatchObject({ ok: false, error: expect.stringContaining("Not valid JSON") });
  });
});

describe("matchesWorkflow", () => {
  const workflow = { name: "Release notes", description: null, steps: [{ prompt_name: "summarize-diff" }] };

  it("matches name and step prompts, ignoring case", () => {
    expect(matchesWorkflow(workflow, "release")).toBe(true);
    expect(matchesWorkflow(workflow, "DIFF")).toBe(true);
    expect(matchesWorkflow(workflow, " ")).toBe(true);
    expect(matchesWorkflow(workflow, "deploy")).toBe(false);
  });
});
