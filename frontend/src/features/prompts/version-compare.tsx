"use client";

import * as React from "react";
import { Badge } from "@/components/ui/badge";
import { Field } from "@/components/ui/field";
import { Select } from "@/components/ui/select";
import { cn } from "@/lib/utils";
import type { PromptVersion } from "./api";
import { type DiffRow, type DiffSection, diffVersions } from "./version-diff";

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

function SectionDiff({ section, from, to }: { section: DiffSection; from: string; to: string }) {
  return (
    <section className="grid gap-2" aria-label={`${section.label} changes`}>
      <h3 className="flex items-center gap-2 text-sm font-semibold">
        {section.label}
        {section.changed ? <Badge variant="warning">Changed</Badge> : <Badge variant="secondary">Same</Badge>}
      </h3>
      {!section.changed ? null : (
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
                  Version {from}
                </th>
                <th colSpan={2} scope="colgroup" className="border-l px-2 py-1 font-medium">
                  Version {to}
                </th>
              </tr>
            </thead>
            <tbody>
              {section.rows.map((row, index) => (
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
      )}
    </section>
  );
}

/** Pick two versions and see, side by side, how their templates, input schema and tags differ. */
export function VersionCompare({ versions }: { versions: PromptVersion[] }) {
  // The list comes newest first: by default, compare the previous version with the latest.
  const [from, setFrom] = React.useState(versions[1]?.version ?? versions[0]?.version ?? "");
  const [to, setTo] = React.useState(versions[0]?.version ?? "");
  const older = versions.find((version) => version.version === from);
  const newer = versions.find((version) => version.version === to);
  const sections = React.useMemo(() => (older && newer ? diffVersions(older, newer) : []), [older, newer]);

  if (versions.length < 2) {
    return <p className="text-sm text-muted-foreground">Add a second version to compare it with this one.</p>;
  }

  const options = versions.map((version) => (
    <option key={version.id} value={version.version}>
      {version.version}
    </option>
  ));

  return (
    <div className="grid gap-4">
      <div className="grid gap-4 sm:grid-cols-2">
        <Field label="From version">
          {(aria) => (
            <Select {...aria} value={from} onChange={(event) => setFrom(event.target.value)}>
              {options}
            </Select>
          )}
        </Field>
        <Field label="To version">
          {(aria) => (
            <Select {...aria} value={to} onChange={(event) => setTo(event.target.value)}>
              {options}
            </Select>
          )}
        </Field>
      </div>
      <div className="grid gap-4" aria-live="polite">
        {from === to ? (
          <p className="text-sm text-muted-foreground">Pick two different versions to see changes.</p>
        ) : (
          sections.map((section) => <SectionDiff key={section.label} section={section} from={from} to={to} />)
        )}
      </div>
    </div>
  );
}
