import { describe, expect, it } from "vitest";
import { diffVersions } from "./version-diff";

describe("diffVersions", () => {
  const base = {
    system_template: null,
    user_template: "Review {{ code }}",
    input_schema: { type: "object", properties: { code: { type: "string" } } },
    tags: ["review", "python"],
  };

  it("compares the change notes, a missing note as an empty one", () => {
    const [note] = diffVersions(base, { ...base, change_note: "Shorter." }).slice(-1);
    expect(note).toMatchObject({ label: "Change note", changed: true });
    expect(note?.rows).toEqual([{ left: null, right: { line: 1, text: "Shorter.", changed: true } }]);
  });

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
      ["Change note", false],
    ]);
    expect(sections[3]?.rows.filter((row) => row.right?.changed).map((row) => row.right?.text)).toEqual(["security"]);
  });
});
