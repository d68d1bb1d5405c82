"use client";

import { ChevronDown, ChevronRight } from "lucide-react";
import Link from "next/link";
import * as React from "react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Skeleton } from "@/components/ui/skeleton";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { callerLabel, channelLabel, formatBytes, formatLatency, labelText, promptAtVersion } from "@/lib/usage-format";
import type { UsageEvent } from "./api";

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "medium" });
const COLUMNS = 7;

/** The redacted input and output kept while usage sampling was on. */
function Excerpts({ event }: { event: UsageEvent }) {
  return (
    <div className="grid gap-3 md:grid-cols-2">
      {[
        { title: "Input", text: event.input_excerpt },
        { title: "Output", text: event.output_excerpt },
      ].map((part) => (
        <section key={part.title} aria-label={`${part.title} excerpt`} className="grid min-w-0 gap-1">
          <h3 className="text-xs font-medium text-muted-foreground">{part.title} excerpt</h3>
          {part.text ? (
            <pre className="max-h-64 overflow-auto rounded-md border bg-background p-2 font-mono text-xs whitespace-pre-wrap break-words">
              {part.text}
            </pre>
          ) : (
            <p className="text-xs text-muted-foreground italic">Not kept</p>
          )}
        </section>
      ))}
    </div>
  );
}

function Named({ item, gone }: { item: { name: string | null } | null; gone: string }) {
  if (!item) return null;
  return <span className="block truncate text-xs text-muted-foreground">{item.name ?? gone}</span>;
}

/**
 * Logged expansions as a table: when, who (with their team and project), which prompt version
 * under which label and through which channel, how it ended and why, how long it took and how
 * big it was. Rows with kept excerpts open to show them.
 */
export function UsageEventsTable({ events, loadingRows = 0 }: { events: UsageEvent[]; loadingRows?: number }) {
  const [open, setOpen] = React.useState<string | null>(null);
  return (
    // Wide enough for each column to read well; narrower screens scroll the table sideways.
    <Table className="min-w-[60rem]">
      <TableHeader>
        <TableRow className="hover:bg-transparent">
          <TableHead>Time</TableHead>
          <TableHead>Caller</TableHead>
          <TableHead>Prompt</TableHead>
          <TableHead>Status</TableHead>
          <TableHead className="text-right">Latency</TableHead>
          <TableHead className="text-right">In / out</TableHead>
          <TableHead>
            <span className="sr-only">Excerpts</span>
          </TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {Array.from({ length: loadingRows }, (_, index) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: placeholders without identity
          <TableRow key={index}>
            <TableCell colSpan={COLUMNS}>
              <Skeleton className="h-5" />
            </TableCell>
          </TableRow>
        ))}
        {events.map((event) => {
          const expanded = open === event.id;
          const hasExcerpts = Boolean(event.input_excerpt || event.output_excerpt);
          const detailsId = `usage-${event.id}-excerpts`;
          return (
            <React.Fragment key={event.id}>
              <TableRow data-status={event.status}>
                <TableCell className="whitespace-nowrap align-top text-xs text-muted-foreground">
                  <time dateTime={event.occurred_at}>{dateTime.format(new Date(event.occurred_at))}</time>
                </TableCell>
                <TableCell className="max-w-48 align-top">
                  <span className="block truncate font-medium">{callerLabel(event)}</span>
                  <Named item={event.team} gone="(deleted team)" />
                  {event.project ? (
                    <span className="block truncate text-xs text-muted-foreground">
                      Project {event.project.name ?? "(deleted)"}
                    </span>
                  ) : null}
                </TableCell>
                <TableCell className="max-w-56 align-top">
                  <Link
                    href={`/prompts/${encodeURIComponent(event.prompt)}`}
                    className="block truncate font-mono text-xs font-medium text-primary hover:underline"
                  >
                    {promptAtVersion(event)}
                  </Link>
                  <span className="mt-1 flex flex-wrap gap-1">
                    <Badge variant="outline">{labelText(event.label)}</Badge>
                    <Badge variant="secondary">{channelLabel(event.channel)}</Badge>
                  </span>
                </TableCell>
                <TableCell className="max-w-80 align-top">
                  <span className="flex flex-wrap items-center gap-1.5">
                    <Badge variant={event.status === "success" ? "success" : "destructive"}>{event.status_code}</Badge>
                    {event.error_code ? <span className="font-mono text-xs">{event.error_code}</span> : null}
                  </span>
                  {event.error_message ? <p className="mt-1 text-xs break-words">{event.error_message}</p> : null}
                </TableCell>
                <TableCell className="text-right align-top whitespace-nowrap tabular-nums">
                  {formatLatency(event.latency_ms)}
                </TableCell>
                <TableCell className="text-right align-top text-xs whitespace-nowrap text-muted-foreground tabular-nums">
                  {formatBytes(event.input_bytes)} / {formatBytes(event.output_bytes)}
                </TableCell>
                <TableCell className="align-top">
                  {hasExcerpts ? (
                    <Button
                      variant="ghost"
                      size="sm"
                      aria-expanded={expanded}
                      aria-controls={detailsId}
                      onClick={() => setOpen(expanded ? null : event.id)}
                    >
                      {expanded ? <ChevronDown aria-hidden /> : <ChevronRight aria-hidden />}
                      Excerpts
                      <span className="sr-only">
                        {" "}
                        of the expansion at {dateTime.format(new Date(event.occurred_at))}
                      </span>
                    </Button>
                  ) : null}
                </TableCell>
              </TableRow>
              {expanded ? (
                <TableRow id={detailsId} className="hover:bg-transparent">
                  <TableCell colSpan={COLUMNS} className="bg-muted/20">
                    <Excerpts event={event} />
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
