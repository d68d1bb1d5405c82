import { type DiffRow, diffLines, stableJson, toRows } from "@/lib/line-diff";

export type DiffSection = { label: string; rows: DiffRow[]; changed: boolean };

type ComparableVersion = {
  system_template: string | null;
  user_template: string | null;
  input_schema: unknown;
  tags: string[];
  change_note?: string | null;
};

/**
 * The parts of two versions worth comparing, each diffed line by line (tags one per line,
 * sorted), and what each version's author said about it.
 */
export function diffVersions(older: ComparableVersion, newer: ComparableVersion): DiffSection[] {
  const parts: [string, string, string][] = [
    ["System template", older.system_template ?? "", newer.system_template ?? ""],
    ["User template", older.user_template ?? "", newer.user_template ?? ""],
    ["Input schema", stableJson(older.input_schema), stableJson(newer.input_schema)],
    ["Tags", [...older.tags].sort().join("\n"), [...newer.tags].sort().join("\n")],
    ["Change note", older.change_note ?? "", newer.change_note ?? ""],
  ];
  return parts.map(([label, before, after]) => {
    const rows = toRows(diffLines(before, after));
    return { label, rows, changed: before !== after };
  });
}
