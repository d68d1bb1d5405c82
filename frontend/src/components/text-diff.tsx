import type { DiffLine, DiffRow } from "@/lib/line-diff";
import { cn } from "@/lib/utils";

// How a line diff is drawn wherever two texts are compared: versions of a prompt, and a change
// request's proposal against what is served. Changed lines carry a screen-reader prefix, since
// their colour alone says nothing to someone who cannot see it.

function Cell({ side, kind }: { side: DiffRow["left"]; kind: "removed" | "added" }) {
  if (!side) return <td colSpan={2} className="bg-muted/40" />;
  return (
    <>
      <td className="w-10 select-none px-2 text-right align-top text-muted-foreground">{side.line}</td>
      <td
        className={cn(
          "whitespace-pre-wrap break-all px-2 align-top",
          side.changed && (kind === "removed" ? "bg-destructive/15" : "bg-success/15"),
        )}
      >
        {side.changed ? <span className="sr-only">{kind === "removed" ? "Removed: " : "Added: "}</span> : null}
        {side.text || " "}
      </td>
    </>
  );
}

/** The old text on the left, the new on the right, changed lines facing each other. */
export function SideBySideDiff({
  rows,
  beforeLabel,
  afterLabel,
}: {
  rows: readonly DiffRow[];
  beforeLabel: string;
  afterLabel: string;
}) {
  return (
    <div className="max-h-96 overflow-auto rounded-md border">
      <table className="w-full table-fixed border-collapse font-mono text-xs">
        <colgroup>
          <col className="w-10" />
          <col />
          <col className="w-10" />
          <col />
        </colgroup>
        <thead className="bg-muted/60 text-left font-sans">
          <tr>
            <th colSpan={2} scope="colgroup" className="px-2 py-1 font-medium">
              {beforeLabel}
            </th>
            <th colSpan={2} scope="colgroup" className="border-l px-2 py-1 font-medium">
              {afterLabel}
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row, index) => (
            // Rows have no identity of their own: the diff is recomputed as a whole when either side changes.
            // biome-ignore lint/suspicious/noArrayIndexKey: see above
            <tr key={index} className="[&>td:nth-child(3)]:border-l">
              <Cell side={row.left} kind="removed" />
              <Cell side={row.right} kind="added" />
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

const MARKS = { same: " ", removed: "−", added: "+" } as const;

/** One column, removed lines (−) above the added ones (+) that replace them: fits a phone's width. */
export function UnifiedDiff({
  lines,
  beforeLabel,
  afterLabel,
}: {
  lines: readonly DiffLine[];
  beforeLabel: string;
  afterLabel: string;
}) {
  return (
    <div className="max-h-96 overflow-auto rounded-md border">
      <table className="w-full table-fixed border-collapse font-mono text-xs">
        <colgroup>
          <col className="w-9" />
          <col className="w-9" />
          <col className="w-5" />
          <col />
        </colgroup>
        <thead className="bg-muted/60 text-left font-sans">
          <tr>
            <th colSpan={4} scope="colgroup" className="px-2 py-1 font-medium">
              <span className="text-destructive">− {beforeLabel}</span>
              <span className="mx-2 text-muted-foreground">·</span>
              <span className="text-success">+ {afterLabel}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {lines.map((line) => (
            <tr
              key={`${line.kind}-${line.kind === "added" ? line.newLine : line.oldLine}`}
              className={cn(line.kind === "removed" && "bg-destructive/15", line.kind === "added" && "bg-success/15")}
            >
              <td className="select-none px-1 text-right align-top text-muted-foreground">
                {line.kind === "added" ? "" : line.oldLine}
              </td>
              <td className="select-none px-1 text-right align-top text-muted-foreground">
                {line.kind === "removed" ? "" : line.newLine}
              </td>
              <td aria-hidden className="select-none text-center align-top">
                {MARKS[line.kind]}
              </td>
              <td className="whitespace-pre-wrap break-all px-1 align-top">
                {line.kind === "same" ? null : (
                  <span className="sr-only">{line.kind === "removed" ? "Removed: " : "Added: "}</span>
                )}
                {line.text || " "}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
