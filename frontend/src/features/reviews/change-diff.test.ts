import { describe, expect, it } from "vitest";
import type { ChangeRequest } from "./api";
import { buildFieldDiffs, fieldLabel, sideLabels } from "./change-diff";
import { staleExplanation } from "./stale-explanation";

const request = (changes: Partial<ChangeRequest>): ChangeRequest => ({
  id: "c1",
  kind: "label",
  state: "open",
  title: "Move production of code-review to 1.3.0",
  author: null,
  created_at: "2026-01-01T00:00:00Z",
  updated_at: "2026-01-01T00:00:00Z",
  decided_by: null,
  decided_at: null,
  reason: null,
  prompt: { id: "p1", name: "code-review" },
  label: "production",
  version: "1.3.0",
  base_version: "1.2.0",
  served_version: "1.2.0",
  team: null,
  proposal: null,
  diff: [],
  comment_count: 0,
  can_approve: false,
  can_reject: false,
  can_withdraw: false,
  ...changes,
});

describe("fieldLabel", () => {
  it("names known fields and writes others as words", () => {
    expect(fieldLabel("user_template")).toBe("User template");
    expect(fieldLabel("enforcement_type")).toBe("Enforcement type");
  });
});

describe("buildFieldDiffs", () => {
  it("diffs each field line by line, counting what was added and removed", () => {
    const [template] = buildFieldDiffs([
      { field: "user_template", before: "Review:\n{{ code }}", after: "Review briefly:\n{{ code }}" },
    ]);
    expect(template).toMatchObject({ label: "User template", added: 1, removed: 1, change: "changed" });
    expect(template?.rows[0]).toEqual({
      left: { line: 1, text: "Review:", changed: true },
      right: { line: 1, text: "Review briefly:", changed: true },
    });
  });

  it("puts tags one per line, sorted, so one new tag is one added line", () => {
    const [tags] = buildFieldDiffs([{ field: "tags", before: "review, python", after: "python, review, security" }]);
    expect(tags?.lines.filter((line) => line.kind !== "same").map((line) => [line.kind, line.text])).toEqual([
      ["added", "security"],
    ]);
  });

  it("leaves out a field empty on both sides", () => {
    expect(buildFieldDiffs([{ field: "tags", before: "", after: null }])).toEqual([]);
  });

  it("tells a field set or cleared from one changed", () => {
    const diffs = buildFieldDiffs([
      { field: "change_note", before: null, after: "Shorter answers." },
      { field: "system_template", before: "Be kind.", after: null },
    ]);
    expect(diffs.map((diff) => diff.change)).toEqual(["set", "cleared"]);
    expect(diffs[0]?.lines).toEqual([{ kind: "added", text: "Shorter answers.", newLine: 1 }]);
  });
});

describe("sideLabels", () => {
  it("compares what is served now with what is proposed", () => {
    expect(sideLabels(request({}))).toEqual({ before: "Served now (1.2.0)", after: "Proposed (1.3.0)" });
    expect(sideLabels(request({ version: null, served_version: null }))).toEqual({
      before: "Served now (latest version)",
      after: "Proposed (label cleared)",
    });
    expect(sideLabels(request({ kind: "governance" }))).toEqual({ before: "In force now", after: "Proposed" });
  });
});

describe("staleExplanation", () => {
  it("says where the label pointed then and where it points now", () => {
    expect(staleExplanation(request({ state: "stale", base_version: "1.2.0", served_version: "1.2.1" }))).toBe(
      "The production label moved since this was proposed: it pointed at version 1.2.0 then, and points at version 1.2.1 now. The diff compares the proposal with what is served now.",
    );
  });
});
