"use client";

import { ChevronDown, ChevronRight, Pin, PinOff } from "lucide-react";
import * as React from "react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Skeleton } from "@/components/ui/skeleton";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import type { Prompt, PromptVersion } from "./api";

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

/** Newest first; each row can open to show its templates and input schema. */
export function VersionList({
  prompt,
  versions,
  canManage,
  busy,
  onPin,
  onUnpin,
}: {
  prompt: Prompt;
  versions: PromptVersion[] | undefined;
  canManage: boolean;
  busy: boolean;
  onPin: (version: string) => void;
  onUnpin: () => void;
}) {
  const [open, setOpen] = React.useState<string | null>(null);
  const servedId = prompt.active_version?.id;
  const latestId = prompt.latest_version?.id;

  return (
    <Table>
      <TableHeader>
        <TableRow className="hover:bg-transparent">
          <TableHead className="w-10">
            <span className="sr-only">Details</span>
          </TableHead>
          <TableHead>Version</TableHead>
          <TableHead>Status</TableHead>
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
                <TableCell colSpan={canManage ? 6 : 5}>
                  <Skeleton className="h-5" />
                </TableCell>
              </TableRow>
            ))
          : versions.map((version) => {
              const served = version.id === servedId;
              const pinned = served && prompt.is_pinned;
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
                    <TableCell className="font-mono text-xs font-medium">{version.version}</TableCell>
                    <TableCell>
                      <div className="flex flex-wrap gap-1">
                        {served ? <Badge variant="success">Served</Badge> : null}
                        {pinned ? (
                          <Badge variant="outline">
                            <Pin className="size-3" aria-hidden />
                            Pinned
                          </Badge>
                        ) : null}
                        {version.id === latestId ? <Badge variant="secondary">Latest</Badge> : null}
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
                    {canManage ? (
                      <TableCell className="text-right">
                        {pinned ? (
                          <Button variant="outline" size="sm" disabled={busy} onClick={onUnpin}>
                            <PinOff aria-hidden />
                            Unpin
                          </Button>
                        ) : (
                          <Button
                            variant="outline"
                            size="sm"
                            disabled={busy}
                            onClick={() => onPin(version.version)}
                            aria-label={`Pin version ${version.version}`}
                          >
                            <Pin aria-hidden />
                            Pin
                          </Button>
                        )}
                      </TableCell>
                    ) : null}
                  </TableRow>
                  {expanded ? (
                    <TableRow id={detailsId} className="hover:bg-transparent">
                      <TableCell colSpan={canManage ? 6 : 5} className="bg-muted/20">
                        <div className="grid gap-3 lg:grid-cols-2">
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
