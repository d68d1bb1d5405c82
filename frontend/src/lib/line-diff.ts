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

/** Past this many line pairs the longest-common-subsequence table gets too big to build in a page. */
const MAX_CELLS = 4_000_000;

const splitLines = (text: string) => (text === "" ? [] : text.replace(/\r\n?/g, "\n").split("\n"));

/**
 * Line diff of two texts through their longest common subsequence: the lines both share stay,
 * everything else is a removal (old) or an addition (new), removals first within a change.
 */
export function diffLines(oldText: string, newText: string): DiffLine[] {
  const a = splitLines(oldText);
  const b = splitLines(newText);
  // Lines equal at both ends need no table: trimming them keeps the common case (a small edit) cheap.
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
  }
  const midA = a.slice(start, endA);
  const midB = b.slice(start, endB);
  // Index helpers: every index used below is in range, and these keep the types honest about it.
  const lineA = (i: number) => midA[i] ?? "";
  const lineB = (j: number) => midB[j] ?? "";
  const out: DiffLine[] = [];
  for (let i = 0; i < start; i++) out.push({ kind: "same", text: a[i] ?? "", oldLine: i + 1, newLine: i + 1 });

  if (midA.length * midB.length > MAX_CELLS) {
    midA.forEach((text, i) => void out.push({ kind: "removed", text, oldLine: start + i + 1 }));
    midB.forEach((text, j) => void out.push({ kind: "added", text, newLine: start + j + 1 }));
  } else {
    // lcs(i, j): length of the longest common subsequence of midA[i..] and midB[j..], in one flat table.
    const width = midB.length + 1;
    const table = new Uint32Array((midA.length + 1) * width);
    const lcs = (i: number, j: number) => table[i * width + j] ?? 0;
    for (let i = midA.length - 1; i >= 0; i--) {
      for (let j = midB.length - 1; j >= 0; j--) {
        table[i * width + j] = lineA(i) === lineB(j) ? lcs(i + 1, j + 1) + 1 : Math.max(lcs(i + 1, j), lcs(i, j + 1));
      }
    }
    let i = 0;
    let j = 0;
    while (i < midA.length || j < midB.length) {
      if (i < midA.length && j < midB.length && lineA(i) === lineB(j)) {
        out.push({ kind: "same", text: lineA(i), oldLine: start + i + 1, newLine: start + j + 1 });
        i++;
        j++;
      } else if (j >= midB.length || (i < midA.length && lcs(i + 1, j) >= lcs(i, j + 1))) {
        out.push({ kind: "removed", text: lineA(i), oldLine: start + i + 1 });
        i++;
      } else {
        out.push({ kind: "added", text: lineB(j), newLine: start + j + 1 });
        j++;
      }
    }
  }

  const shift = b.length - a.length;
  for (let k = endA; k < a.length; k++)
    out.push({ kind: "same", text: a[k] ?? "", oldLine: k + 1, newLine: k + shift + 1 });
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
