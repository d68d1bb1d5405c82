"use client";

import { ChevronDown, ChevronRight } from "lucide-react";
import * as React from "react";
import { Button } from "@/components/ui/button";
import { Skeleton } from "@/components/ui/skeleton";
import { BeforeAfter, dateTime } from "./audit-events-table";
import { type AuditEvent, actionVerb, actorLabel, CHANNEL_LABELS, changesSummary } from "./format";

/**
 * The events of one item as a list, for narrow places (the teams page's side panel) where the
 * table's columns would not fit: what was done, by whom and how, when, and the changes on demand.
 */
export function AuditEventList({ events, loadingRows = 0 }: { events: AuditEvent[]; loadingRows?: number }) {
  const [open, setOpen] = React.useState<string | null>(null);
  return (
    <ol aria-label="Events" className="grid gap-2">
      {Array.from({ length: loadingRows }, (_, index) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: placeholders without identity
        <li key={index}>
          <Skeleton className="h-16" />
        </li>
      ))}
      {events.map((event) => {
        const expanded = open === event.id;
        const detailsId = `audit-${event.id}-changes`;
        return (
          <li key={event.id} data-action={event.action} className="grid gap-1 rounded-md border p-3 text-sm">
            <p className="flex flex-wrap items-baseline justify-between gap-x-2">
              <span className="font-medium">{actionVerb(event.action)}</span>
              <time dateTime={event.occurred_at} className="text-xs text-muted-foreground">
                {dateTime.format(new Date(event.occurred_at))}
              </time>
            </p>
            <p className="text-xs text-muted-foreground">
              {actorLabel(event.actor)} · {CHANNEL_LABELS[event.channel] ?? event.channel} ·{" "}
              <span className="font-mono">{event.action}</span>
            </p>
            {event.changes ? (
              <Button
                variant="ghost"
                size="sm"
                className="h-auto justify-start gap-1 px-1 py-0.5 text-left whitespace-normal"
                aria-expanded={expanded}
                aria-controls={detailsId}
                onClick={() => setOpen(expanded ? null : event.id)}
              >
                {expanded ? <ChevronDown aria-hidden /> : <ChevronRight aria-hidden />}
                <span className="min-w-0 break-words font-normal">
                  {changesSummary(event.changes) || "Show details"}
                </span>
                <span className="sr-only">{expanded ? " (hide before and after)" : " (show before and after)"}</span>
              </Button>
            ) : null}
            {expanded ? (
              <div id={detailsId}>
                <BeforeAfter event={event} />
              </div>
            ) : null}
          </li>
        );
      })}
    </ol>
  );
}
