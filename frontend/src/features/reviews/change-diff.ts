import { type DiffLine, type DiffRow, diffLines, toRows } from "@/lib/line-diff";
import type { ChangeRequest } from "./api";

const FIELD_LABELS: Record<string, string> = {
  system_template: "System template",
  user_template: "User template",
  input_schema: "Input schema",
  tags: "Tags",
  change_note: "Change note",
};

/** A field as people read it: the known ones by name, others ("enforcement_type") as words. */
export function fieldLabel(field: string): string {
  const known = FIELD_LABELS[field];
  if (known) return known;
  const words = field.replaceAll("_", " ");
  return words.charAt(0).toUpperCase() + words.slice(1);
}

export type FieldDiff = {
  field: string;
  label: string;
  lines: DiffLine[];
  rows: DiffRow[];
  added: number;
  removed: number;
  /** The field had no value on one side: set or cleared rather than changed. */
  change: "changed" | "set" | "cleared";
};

/** Tags arrive comma-joined: one per line, sorted, so that adding one is one added line. */
const linesOf = (field: string, text: string | null) =>
  field === "tags" && text
    ? text
        .split(",")
        .map((tag) => tag.trim())
        .filter(Boolean)
        .sort()
        .join("\n")
    : (text ?? "");

/**
 * Each changed field of a change request, diffed line by line for both the side-by-side and
 * unified views. A field empty on both sides (no tags before, none proposed) shows nothing and is
 * left out.
 */
export function buildFieldDiffs(diff: ChangeRequest["diff"]): FieldDiff[] {
  return diff.flatMap(({ field, before, after }) => {
    const lines = diffLines(linesOf(field, before), linesOf(field, after));
    if (lines.length === 0) return [];
    return {
      field,
      label: fieldLabel(field),
      lines,
      rows: toRows(lines),
      added: lines.filter((line) => line.kind === "added").length,
      removed: lines.filter((line) => line.kind === "removed").length,
      change: before === null ? "set" : after === null ? "cleared" : "changed",
    } satisfies FieldDiff;
  });
}

/** What the two sides of the diff are: what is in force now, and what the request proposes. */
export function sideLabels(request: ChangeRequest): { before: string; after: string } {
  if (request.kind === "label") {
    return {
      before: request.served_version ? `Served now (${request.served_version})` : "Served now (latest version)",
      after: request.version ? `Proposed (${request.version})` : "Proposed (label cleared)",
    };
  }
  return { before: "In force now", after: "Proposed" };
}
