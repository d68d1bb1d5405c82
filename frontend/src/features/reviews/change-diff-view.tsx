"use client";

import * as React from "react";
import { SideBySideDiff, UnifiedDiff } from "@/components/text-diff";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import type { ChangeRequest } from "./api";
import { buildFieldDiffs, sideLabels } from "./change-diff";

type Layout = "split" | "unified";

/** Side by side where there is room for two columns; one column on a phone. */
function initialLayout(): Layout {
  return typeof window !== "undefined" && window.matchMedia("(max-width: 767px)").matches ? "unified" : "split";
}

/** Each field the request changes, diffed against what is in force now, side by side or unified. */
export function ChangeDiffView({ request }: { request: ChangeRequest }) {
  const [layout, setLayout] = React.useState<Layout>(initialLayout);
  const fields = React.useMemo(() => buildFieldDiffs(request.diff), [request.diff]);
  const sides = sideLabels(request);

  if (fields.length === 0) {
    return (
      <p className="text-sm text-muted-foreground">
        {request.state === "approved"
          ? "Applied: what this request proposed is what is in force now."
          : request.kind === "label" && request.version
            ? `Version ${request.version} has the same templates, input schema and tags as what is served now.`
            : "Nothing differs from what is in force now."}
      </p>
    );
  }

  return (
    <div className="grid gap-4">
      <fieldset className="flex gap-1 self-start">
        <legend className="sr-only">Diff layout</legend>
        {(
          [
            ["split", "Side by side"],
            ["unified", "Unified"],
          ] as const
        ).map(([value, label]) => (
          <Button
            key={value}
            size="sm"
            variant={layout === value ? "secondary" : "ghost"}
            aria-pressed={layout === value}
            onClick={() => setLayout(value)}
          >
            {label}
          </Button>
        ))}
      </fieldset>
      {fields.map((field) => (
        <section key={field.field} className="grid gap-2" aria-label={`${field.label} changes`}>
          <h3 className="flex flex-wrap items-center gap-2 text-sm font-semibold">
            {field.label}
            <Badge variant="success" className="tabular-nums">
              +{field.added}
            </Badge>
            <Badge variant="destructive" className="tabular-nums">
              −{field.removed}
            </Badge>
            {field.change === "changed" ? null : (
              <span className="text-xs font-normal text-muted-foreground">
                {field.change === "set" ? "(new)" : "(removed)"}
              </span>
            )}
          </h3>
          {layout === "split" ? (
            <SideBySideDiff rows={field.rows} beforeLabel={sides.before} afterLabel={sides.after} />
          ) : (
            <UnifiedDiff lines={field.lines} beforeLabel={sides.before} afterLabel={sides.after} />
          )}
        </section>
      ))}
    </div>
  );
}
