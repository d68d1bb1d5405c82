import { describe, expect, it } from "vitest";
import { diffVersions } from "./version-diff";

describe("diffVersions", () => {
  const base = {
    system_template: null,
    user_template: "Review {{ code }}",
    input_schema: { type: "object", properties: { code: { type: "string" } } },
    tags: ["review", "python"],
  };

  it("compares templates, schema and tags, flagging the sections that changed", () => {
    const sections = diffVersions(base, {
      ...base,
      system_template: "Be brief.",
      input_schema: { properties: { code: { type: "string" } }, type: "object" },
      tags: ["python", "review", "security"],
    });
    expect(sections.map((section) => [section.label, section.changed])).toEqual([
      ["System template", true],
      ["User template", false],
      ["Input schema", false],
      ["Tags", true],
    ]);
    expect(sections[3]?.rows.filter((row) => row.right?.changed).map((row) => row.right?.text)).toEqual(["security"]);
  });
});
