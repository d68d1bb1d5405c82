import { describe, expect, it } from "vitest";
import { diffLines, stableJson, toRows } from "./line-diff";

describe("diffLines", () => {
  it("keeps shared lines and marks the rest as removed or added", () => {
    expect(diffLines("a\nb\nc", "a\nx\nc\nd")).toEqual([
      { kind: "same", text: "a", oldLine: 1, newLine: 1 },
      { kind: "removed", text: "b", oldLine: 2 },
      { kind: "added", text: "x", newLine: 2 },
      { kind: "same", text: "c", oldLine: 3, newLine: 3 },
      { kind: "added", text: "d", newLine: 4 },
    ]);
  });

  it("treats an empty text as no lines, and ignores Windows line endings", () => {
    expect(diffLines("", "")).toEqual([]);
    expect(diffLines("", "one")).toEqual([{ kind: "added", text: "one", newLine: 1 }]);
    expect(diffLines("a\r\nb", "a\nb").every((line) => line.kind === "same")).toBe(true);
  });

  it("finds a line moved past an insertion, numbering both sides", () => {
    const lines = diffLines("keep\nold\ntail", "new\nkeep\ntail");
    expect(lines.map((line) => line.kind)).toEqual(["added", "same", "removed", "same"]);
    expect(lines.at(-1)).toEqual({ kind: "same", text: "tail", oldLine: 3, newLine: 3 });
  });

  it("shows a final newline added as one empty line, the last line kept", () => {
    expect(diffLines("a\nb", "a\nb\n")).toEqual([
      { kind: "same", text: "a", oldLine: 1, newLine: 1 },
      { kind: "same", text: "b", oldLine: 2, newLine: 2 },
      { kind: "added", text: "", newLine: 3 },
    ]);
  });

  it("shows texts with too many changes to search as wholly replaced", () => {
    const old = Array.from({ length: 3000 }, (_, i) => `line ${i}`);
    const changed = old.map((line, i) => (i % 2 ? `${line} edited` : line));
    const lines = diffLines(old.join("\n"), changed.join("\n"));
    expect(lines.slice(0, 3000).every((line) => line.kind === "removed")).toBe(true);
    expect(lines.slice(3000).every((line) => line.kind === "added")).toBe(true);
    expect(lines.at(-1)).toEqual({ kind: "added", text: "line 2999 edited", newLine: 3000 });
  });
});

describe("toRows", () => {
  it("faces removed lines with added ones, padding the shorter side", () => {
    const rows = toRows(diffLines("a\nb\nc\nz", "a\nx\nz"));
    expect(rows).toEqual([
      { left: { line: 1, text: "a", changed: false }, right: { line: 1, text: "a", changed: false } },
      { left: { line: 2, text: "b", changed: true }, right: { line: 2, text: "x", changed: true } },
      { left: { line: 3, text: "c", changed: true }, right: null },
      { left: { line: 4, text: "z", changed: false }, right: { line: 3, text: "z", changed: false } },
    ]);
  });
});

describe("stableJson", () => {
  it("writes schemas with sorted keys", () => {
    expect(stableJson({ b: 1, a: [{ d: 1, c: 2 }] })).toBe(stableJson({ a: [{ c: 2, d: 1 }], b: 1 }));
    expect(stableJson(null)).toBe("");
  });
});
