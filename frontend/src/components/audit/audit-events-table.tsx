"use client";

import { ChevronDown, ChevronRight } from "lucide-react";
import Link from "next/link";
import * as React from "react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Skeleton } from "@/components/ui/skeleton";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import {
  type AuditEvent,
  actionVerb,
  actorLabel,
  CHANNEL_LABELS,
  changesSummary,
  fieldChanges,
  targetHref,
} from "./format";

export const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "medium" });

/** Before and after of every field the event changed, one row per field. */
export function BeforeAfter({ event }: { event: AuditEvent }) {
  const changes = fieldChanges(event.changes);
  return (
    <div className="grid gap-3">
      {changes.length === 0 ? (
        <p className="text-sm text-muted-foreground">No field changes are recorded for this event.</p>
      ) : (
        <div className="overflow-x-auto rounded-md border bg-background">
          <table className="w-full min-w-[32rem] table-fixed text-xs">
            <caption className="sr-only">Before and after</caption>
            <colgroup>
              <col className="w-36" />
              <col />
              <col />
            </colgroup>
            <thead className="bg-muted/60 text-left">
              <tr>
                <th scope="col" className="px-2 py-1 font-medium">
                  Field
                </th>
                <th scope="col" className="px-2 py-1 font-medium">
                  Before
                </th>
                <th scope="col" className="px-2 py-1 font-medium">
                  After
                </th>
              </tr>
            </thead>
            <tbody>
              {changes.map((change) => (
                <tr key={change.field} className="border-t align-top">
                  <th scope="row" className="px-2 py-1 text-left font-mono font-medium">
                    {change.field}
                  </th>
                  {[change.before, change.after].map((value, index) => (
                    <td
                      // biome-ignore lint/suspicious/noArrayIndexKey: the two sides, always in this order
                      key={index}
                      className={
                        value === null
                          ? "px-2 py-1 text-muted-foreground italic"
                          : "whitespace-pre-wrap break-words px-2 py-1 font-mono"
                      }
                    >
                      {value ?? "not set"}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <p className="text-xs text-muted-foreground">
        {event.request_id ? <>Request {event.request_id}</> : null}
        {event.client_address ? <> · from {event.client_address}</> : null}
      </p>
    </div>
  );
}

function Target({ target }: { target: AuditEvent["target"] }) {
  const href = targetHref(target);
  const name = target.name ?? target.id ?? "—";
  return (
    <span className="grid gap-0.5">
      <span className="text-xs text-muted-foreground">{target.type.replaceAll("_", " ")}</span>
      {href ? (
        <Link href={href} className="break-all font-medium text-primary hover:underline">
          {name}
        </Link>
      ) : (
        <span className="break-all">{name}</span>
      )}
    </span>
  );
}

/**
 * Audit events as a table: when, who and through what, what was done to what, and a summary of
 * the changes that opens into the full before and after. `showTarget` is off in a history panel,
 * where every event is about the same thing.
 */
export function AuditEventsTable({
  events,
  showTarget = true,
  loadingRows = 0,
}: {
  events: AuditEvent[];
  showTarget?: boolean;
  /** Placeholder rows while the first page loads. */
  loadingRows?: number;
}) {
  const [open, setOpen] = React.useState<string | null>(null);
  const columns = showTarget ? 5 : 4;
  return (
    // Wide enough for each column to read well; narrower screens scroll the table sideways.
    <Table className={showTarget ? "min-w-[52rem]" : "min-w-[44rem]"}>
      <TableHeader>
        <TableRow className="hover:bg-transparent">
          <TableHead>Time</TableHead>
          <TableHead>Actor</TableHead>
          <TableHead>Action</TableHead>
          {showTarget ? <TableHead>Target</TableHead> : null}
          <TableHead>Changes</TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {Array.from({ length: loadingRows }, (_, index) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: placeholders without identity
          <TableRow key={index}>
            <TableCell colSpan={columns}>
              <Skeleton className="h-5" />
            </TableCell>
          </TableRow>
        ))}
        {events.map((event) => {
          const expanded = open === event.id;
          const summary = changesSummary(event.changes);
          const detailsId = `audit-${event.id}-changes`;
          return (
            <React.Fragment key={event.id}>
              <TableRow data-action={event.action}>
                <TableCell className="whitespace-nowrap align-top text-xs text-muted-foreground">
                  <time dateTime={event.occurred_at}>{dateTime.format(new Date(event.occurred_at))}</time>
                </TableCell>
                <TableCell className="align-top">
                  <span className="grid gap-1">
                    <span className="font-medium">{actorLabel(event.actor)}</span>
                    <Badge variant="secondary" className="w-fit">
                      {CHANNEL_LABELS[event.channel] ?? event.channel}
                    </Badge>
                  </span>
                </TableCell>
                <TableCell className="align-top">
                  <span className="grid gap-0.5">
                    <span className="font-medium">{actionVerb(event.action)}</span>
                    <span className="font-mono text-xs text-muted-foreground">{event.action}</span>
                  </span>
                </TableCell>
                {showTarget ? (
                  <TableCell className="max-w-56 align-top">
                    <Target target={event.target} />
                  </TableCell>
                ) : null}
                <TableCell className="max-w-72 align-top">
                  {event.changes ? (
                    <Button
                      variant="ghost"
                      size="sm"
                      className="h-auto max-w-full justify-start gap-1 px-1 py-0.5 text-left whitespace-normal"
                      aria-expanded={expanded}
                      aria-controls={detailsId}
                      onClick={() => setOpen(expanded ? null : event.id)}
                    >
                      {expanded ? <ChevronDown aria-hidden /> : <ChevronRight aria-hidden />}
                      <span className="min-w-0 break-words font-normal">{summary || "Show details"}</span>
                      <span className="sr-only">
                        {expanded ? " (hide before and after)" : " (show before and after)"}
                      </span>
                    </Button>
                  ) : (
                    <span className="text-muted-foreground">—</span>
                  )}
                </TableCell>
              </TableRow>
              {expanded ? (
                <TableRow id={detailsId} className="hover:bg-transparent">
                  <TableCell colSpan={columns} className="bg-muted/20">
                    <BeforeAfter event={event} />
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
