import { describe, expect, it } from "vitest";
import { labelProblem, sortLabels } from "./labels";

describe("labelProblem", () => {
  it("accepts lower-case names starting with a letter", () => {
    expect(labelProblem("production")).toBeNull();
    expect(labelProblem("canary-2_eu")).toBeNull();
    expect(labelProblem("a".repeat(40))).toBeNull();
  });

  it("refuses empty, reserved and malformed names, saying why", () => {
    expect(labelProblem("")).toMatch(/Name the label/);
    expect(labelProblem("latest")).toMatch(/newest version/);
    for (const bad of ["Staging", "2nd", "-x", "with space", "a".repeat(41)]) {
      expect(labelProblem(bad), bad).toMatch(/lower-case letter/);
    }
  });
});

describe("sortLabels", () => {
  it("puts production first and the rest by name", () => {
    expect(sortLabels(["staging", "canary", "production"])).toEqual(["production", "canary", "staging"]);
  });
});
