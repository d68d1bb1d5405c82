"use client";

import * as React from "react";
import { SideBySideDiff } from "@/components/text-diff";
import { Badge } from "@/components/ui/badge";
import { Field } from "@/components/ui/field";
import { Select } from "@/components/ui/select";
import type { PromptVersion } from "./api";
import { type DiffSection, diffVersions } from "./version-diff";

function SectionDiff({ section, from, to }: { section: DiffSection; from: string; to: string }) {
  return (
    <section className="grid gap-2" aria-label={`${section.label} changes`}>
      <h3 className="flex items-center gap-2 text-sm font-semibold">
        {section.label}
        {section.changed ? <Badge variant="warning">Changed</Badge> : <Badge variant="secondary">Same</Badge>}
      </h3>
      {section.changed ? (
        <SideBySideDiff rows={section.rows} beforeLabel={`Version ${from}`} afterLabel={`Version ${to}`} />
      ) : null}
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
