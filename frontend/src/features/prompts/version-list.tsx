"use client";

import { ChevronDown, ChevronRight, X } from "lucide-react";
import * as React from "react";
import { ConfirmDialog } from "@/components/confirm-dialog";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Skeleton } from "@/components/ui/skeleton";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { PRODUCTION } from "@/lib/labels";
import type { Prompt, PromptVersion } from "./api";
import { LabelBadge } from "./label-badge";
import { labelImpact, labelsByVersion } from "./labels";
import { MoveLabelDialog } from "./move-label-dialog";
import type { useLabelActions } from "./use-label-actions";

type LabelActions = ReturnType<typeof useLabelActions>;

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });

function TemplateBlock({ label, text }: { label: string; text: string | null }) {
  return (
    <div className="grid gap-1">
      <span className="text-xs font-medium text-muted-foreground">{label}</span>
      <pre className="max-h-64 overflow-auto whitespace-pre-wrap break-words rounded-md border bg-muted/50 p-3 font-mono text-xs">
        {text?.length ? text : <span className="text-muted-foreground italic">empty</span>}
      </pre>
    </div>
  );
}

/** A label on its version's row, with (for those who may) a button that clears it after confirming. */
function RowLabel({
  prompt,
  label,
  version,
  actions,
  protectedLabels,
}: {
  prompt: Prompt;
  label: string;
  version: string;
  actions: LabelActions | null;
  protectedLabels: readonly string[] | undefined;
}) {
  if (!actions) return <LabelBadge label={label} />;
  return (
    <LabelBadge label={label} className="pr-0.5">
      <ConfirmDialog
        trigger={
          <button
            type="button"
            className="rounded-sm p-0.5 hover:bg-background/30 focus-visible:outline-2 focus-visible:outline-ring"
            aria-label={`Clear ${label} from version ${version}`}
            disabled={actions.pending}
          >
            <X className="size-3" aria-hidden />
          </button>
        }
        title={`Clear ${label}?`}
        description={labelImpact({
          prompt: prompt.name,
          label,
          from: version,
          to: null,
          latest: prompt.latest_version?.version ?? null,
          productionProtected: protectedLabels?.includes(PRODUCTION),
        })}
        confirmLabel={`Clear ${label}`}
        onConfirm={() => actions.clear(label)}
      />
    </LabelBadge>
  );
}

/**
 * Newest first, with the labels that point at each version; each row can open to show its
 * templates, input schema and change note. Owners move labels from here.
 */
export function VersionList({
  prompt,
  versions,
  labelActions,
  protectedLabels,
}: {
  prompt: Prompt;
  versions: PromptVersion[] | undefined;
  /** Null when the user may not move labels. */
  labelActions: LabelActions | null;
  protectedLabels: readonly string[] | undefined;
}) {
  const [open, setOpen] = React.useState<string | null>(null);
  const canManage = labelActions !== null;
  const servedId = prompt.active_version?.id;
  const latestId = prompt.latest_version?.id;
  const labelsOf = labelsByVersion(prompt.labels);
  const columns = canManage ? 7 : 6;

  return (
    <Table>
      <TableHeader>
        <TableRow className="hover:bg-transparent">
          <TableHead className="w-10">
            <span className="sr-only">Details</span>
          </TableHead>
          <TableHead>Version</TableHead>
          <TableHead>Status</TableHead>
          <TableHead>Labels</TableHead>
          <TableHead>Tags</TableHead>
          <TableHead>Created</TableHead>
          {canManage ? (
            <TableHead className="text-right">
              <span className="sr-only">Actions</span>
            </TableHead>
          ) : null}
        </TableRow>
      </TableHeader>
      <TableBody>
        {versions === undefined
          ? Array.from({ length: 3 }, (_, index) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: placeholders without identity
              <TableRow key={index}>
                <TableCell colSpan={columns}>
                  <Skeleton className="h-5" />
                </TableCell>
              </TableRow>
            ))
          : versions.map((version) => {
              const served = version.id === servedId;
              const expanded = open === version.id;
              const detailsId = `version-${version.id}-details`;
              return (
                <React.Fragment key={version.id}>
                  <TableRow data-version={version.version}>
                    <TableCell>
                      <Button
                        variant="ghost"
                        size="icon"
                        className="size-7"
                        aria-expanded={expanded}
                        aria-controls={detailsId}
                        aria-label={`${expanded ? "Hide" : "Show"} templates of version ${version.version}`}
                        onClick={() => setOpen(expanded ? null : version.id)}
                      >
                        {expanded ? <ChevronDown aria-hidden /> : <ChevronRight aria-hidden />}
                      </Button>
                    </TableCell>
                    <TableCell className="max-w-64">
                      <span className="font-mono text-xs font-medium">{version.version}</span>
                      {version.change_note ? (
                        <p className="mt-0.5 line-clamp-2 text-xs text-muted-foreground" title={version.change_note}>
                          {version.change_note}
                        </p>
                      ) : null}
                    </TableCell>
                    <TableCell>
                      <div className="flex flex-wrap gap-1">
                        {served ? <Badge variant="success">Served</Badge> : null}
                        {version.id === latestId ? <Badge variant="secondary">Latest</Badge> : null}
                      </div>
                    </TableCell>
                    <TableCell>
                      <div className="flex flex-wrap gap-1">
                        {(labelsOf.get(version.version) ?? []).map((label) => (
                          <RowLabel
                            key={label}
                            prompt={prompt}
                            label={label}
                            version={version.version}
                            actions={labelActions}
                            protectedLabels={protectedLabels}
                          />
                        ))}
                      </div>
                    </TableCell>
                    <TableCell>
                      <div className="flex flex-wrap gap-1">
                        {version.tags.map((tag) => (
                          <Badge key={tag} variant="secondary">
                            {tag}
                          </Badge>
                        ))}
                      </div>
                    </TableCell>
                    <TableCell className="whitespace-nowrap text-muted-foreground">
                      {dateTime.format(new Date(version.created_at))}
                    </TableCell>
                    {labelActions ? (
                      <TableCell className="text-right">
                        <MoveLabelDialog
                          prompt={prompt}
                          version={version.version}
                          protectedLabels={protectedLabels}
                          pending={labelActions.pending}
                          error={labelActions.moveError}
                          onOpen={labelActions.reset}
                          onMove={(label, comment) => labelActions.move(label, version.version, comment || undefined)}
                        />
                      </TableCell>
                    ) : null}
                  </TableRow>
                  {expanded ? (
                    <TableRow id={detailsId} className="hover:bg-transparent">
                      <TableCell colSpan={columns} className="bg-muted/20">
                        <div className="grid gap-3 lg:grid-cols-2">
                          {version.change_note ? (
                            <div className="grid gap-1 lg:col-span-2">
                              <span className="text-xs font-medium text-muted-foreground">Change note</span>
                              <p className="whitespace-pre-line text-sm">{version.change_note}</p>
                            </div>
                          ) : null}
                          <TemplateBlock label="System template" text={version.system_template} />
                          <TemplateBlock label="User template" text={version.user_template} />
                          <div className="lg:col-span-2">
                            <TemplateBlock label="Input schema" text={JSON.stringify(version.input_schema, null, 2)} />
                          </div>
                        </div>
                      </TableCell>
                    </TableRow>
                  ) : null}
                </React.Fragment>
              );
            })}
      </TableBody>
    </Table>
  );
}
