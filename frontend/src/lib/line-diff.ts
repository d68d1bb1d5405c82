import { diffArrays } from "diff";

/** One line of a line diff: kept in both texts, only in the old one, or only in the new one. */
export type DiffLine =
  | { kind: "same"; text: string; oldLine: number; newLine: number }
  | { kind: "removed"; text: string; oldLine: number }
  | { kind: "added"; text: string; newLine: number };

/** One row of a side-by-side view: the old line on the left, the new on the right, either may be blank. */
export type DiffRow = {
  left: { line: number; text: string; changed: boolean } | null;
  right: { line: number; text: string; changed: boolean } | null;
};

/**
 * Past this many changed lines the search for the shortest edit takes too long for a page (measured:
 * under a tenth of a second at this bound), so the texts are shown as wholly replaced instead.
 */
const MAX_EDIT_LENGTH = 500;

const splitLines = (text: string) => (text === "" ? [] : text.replace(/\r\n?/g, "\n").split("\n"));

/**
 * Line diff of two texts: the lines both share stay, everything else is a removal (old) or an
 * addition (new), removals first within a change. The texts are split here and diffed as arrays of
 * whole lines: jsdiff's own `diffLines` keeps each line's newline, so a text gaining a final newline
 * would show its last line as changed rather than one empty line added.
 */
export function diffLines(oldText: string, newText: string): DiffLine[] {
  const a = splitLines(oldText);
  const b = splitLines(newText);
  const changes = diffArrays(a, b, { maxEditLength: MAX_EDIT_LENGTH }) ?? [
    { value: a, added: false, removed: true },
    { value: b, added: true, removed: false },
  ];
  const out: DiffLine[] = [];
  let oldLine = 1;
  let newLine = 1;
  for (const change of changes) {
    for (const text of change.value) {
      if (change.removed) out.push({ kind: "removed", text, oldLine: oldLine++ });
      else if (change.added) out.push({ kind: "added", text, newLine: newLine++ });
      else out.push({ kind: "same", text, oldLine: oldLine++, newLine: newLine++ });
    }
  }
  return out;
}

/**
 * Lays a diff out in two columns: unchanged lines side by side, and within each change the
 * removed lines facing the added ones, the shorter side padded with blanks.
 */
export function toRows(lines: DiffLine[]): DiffRow[] {
  const rows: DiffRow[] = [];
  let removed: DiffRow["left"][] = [];
  let added: DiffRow["right"][] = [];
  const flush = () => {
    for (let k = 0; k < Math.max(removed.length, added.length); k++) {
      rows.push({ left: removed[k] ?? null, right: added[k] ?? null });
    }
    removed = [];
    added = [];
  };
  for (const line of lines) {
    if (line.kind === "removed") removed.push({ line: line.oldLine, text: line.text, changed: true });
    else if (line.kind === "added") added.push({ line: line.newLine, text: line.text, changed: true });
    else {
      flush();
      rows.push({
        left: { line: line.oldLine, text: line.text, changed: false },
        right: { line: line.newLine, text: line.text, changed: false },
      });
    }
  }
  flush();
  return rows;
}

/** JSON with object keys sorted, so two schemas that differ only in key order compare equal. */
export function stableJson(value: unknown): string {
  const sort = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(sort);
    if (node && typeof node === "object") {
      return Object.fromEntries(
        Object.keys(node as Record<string, unknown>)
          .sort()
          .map((key) => [key, sort((node as Record<string, unknown>)[key])]),
      );
    }
    return node;
  };
  return value === undefined || value === null ? "" : JSON.stringify(sort(value), null, 2);
}
