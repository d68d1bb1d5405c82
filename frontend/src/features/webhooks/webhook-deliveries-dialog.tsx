"use client";

import { ChevronDown, ChevronRight, RefreshCw, RotateCcw } from "lucide-react";
import * as React from "react";
import { EmptyState } from "@/components/empty-state";
import { ErrorAlert } from "@/components/error-alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import {
  Dialog,
  DialogContent,
  DialogDescription,
  DialogHeader,
  DialogTitle,
  DialogTrigger,
} from "@/components/ui/dialog";
import { Label } from "@/components/ui/label";
import { Select } from "@/components/ui/select";
import { Skeleton } from "@/components/ui/skeleton";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { toast } from "@/components/ui/toast";
import { errorMessage } from "@/lib/api/errors";
import { type Delivery, type DeliveryStatus, useDeliveries, useRedeliver, type Webhook } from "./api";
import { deliveryOutcome, deliveryStatusText, eventText, formatDuration } from "./webhook-text";

const COLUMNS = 8;
const dateTimeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "medium" });
const STATUS_FILTERS: { value: DeliveryStatus | ""; label: string }[] = [
  { value: "", label: "All deliveries" },
  { value: "pending", label: "Pending" },
  { value: "succeeded", label: "Succeeded" },
  { value: "failed", label: "Failed" },
];

function DeliveryDetails({ delivery, id }: { delivery: Delivery; id: string }) {
  return (
    <TableRow id={id} className="bg-muted/30 hover:bg-muted/30">
      <TableCell colSpan={COLUMNS} className="max-w-0">
        <dl className="grid gap-3 text-sm sm:grid-cols-[max-content_1fr] sm:gap-x-4 sm:gap-y-2">
          <dt className="text-muted-foreground">Delivery id</dt>
          <dd className="break-all font-mono text-xs">{delivery.id}</dd>
          <dt className="text-muted-foreground">Outcome</dt>
          <dd>
            {deliveryOutcome(delivery)}
            {delivery.delivered_at ? ` Last answer ${dateTimeFormat.format(new Date(delivery.delivered_at))}.` : null}
            {delivery.status === "pending" && delivery.next_attempt_at
              ? ` Next attempt ${dateTimeFormat.format(new Date(delivery.next_attempt_at))}.`
              : null}
          </dd>
          {delivery.error ? (
            <>
              <dt className="text-muted-foreground">Error</dt>
              <dd className="whitespace-pre-wrap break-words text-destructive">{delivery.error}</dd>
            </>
          ) : null}
          <dt className="text-muted-foreground">Payload</dt>
          <dd className="min-w-0">
            <section
              aria-label={`Payload of delivery ${delivery.id}`}
              // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region needs focus to scroll by keyboard
              tabIndex={0}
              className="max-h-80 overflow-auto rounded-md border bg-background p-3"
            >
              <pre className="font-mono text-xs">{JSON.stringify(delivery.payload, null, 2)}</pre>
            </section>
          </dd>
        </dl>
      </TableCell>
    </TableRow>
  );
}

function DeliveryRow({
  delivery,
  onRedeliver,
  redelivering,
}: {
  delivery: Delivery;
  onRedeliver: (delivery: Delivery) => void;
  redelivering: boolean;
}) {
  const [expanded, setExpanded] = React.useState(false);
  const detailsId = `delivery-details-${delivery.id}`;
  const event = eventText(delivery.event);
  const status = deliveryStatusText(delivery.status);
  const time = dateTimeFormat.format(new Date(delivery.created_at));
  return (
    <>
      <TableRow data-delivery-id={delivery.id}>
        <TableCell className="w-10 px-1">
          <Button
            variant="ghost"
            size="icon"
            aria-expanded={expanded}
            aria-controls={expanded ? detailsId : undefined}
            aria-label={`${expanded ? "Hide" : "Show"} details of ${event.label} at ${time}`}
            onClick={() => setExpanded(!expanded)}
          >
            {expanded ? <ChevronDown aria-hidden /> : <ChevronRight aria-hidden />}
          </Button>
        </TableCell>
        <TableCell>
          <div className="font-medium">{event.label}</div>
          <div className="font-mono text-xs text-muted-foreground">{delivery.event}</div>
        </TableCell>
        <TableCell>
          <Badge variant={status.variant}>{status.label}</Badge>
        </TableCell>
        <TableCell className="tabular-nums">{delivery.response_code ?? "—"}</TableCell>
        <TableCell className="whitespace-nowrap tabular-nums">{formatDuration(delivery.duration_ms)}</TableCell>
        <TableCell className="tabular-nums">{delivery.attempts}</TableCell>
        <TableCell className="whitespace-nowrap text-muted-foreground">{time}</TableCell>
        <TableCell className="text-right">
          <Button
            variant="outline"
            size="sm"
            disabled={redelivering}
            aria-label={`Redeliver ${event.label} of ${time}`}
            onClick={() => onRedeliver(delivery)}
          >
            <RotateCcw aria-hidden />
            Redeliver
          </Button>
        </TableCell>
      </TableRow>
      {expanded ? <DeliveryDetails delivery={delivery} id={detailsId} /> : null}
    </>
  );
}

/** The log itself, mounted only while the dialog is open so closed dialogs ask for nothing. */
function DeliveriesLog({ webhook }: { webhook: Webhook }) {
  const [status, setStatus] = React.useState<DeliveryStatus | "">("");
  const deliveries = useDeliveries(webhook.id, status || undefined);
  const redeliver = useRedeliver(webhook.id);
  const items = deliveries.data?.pages.flatMap((page) => page.items);
  const filterLabel = STATUS_FILTERS.find((filter) => filter.value === status)?.label ?? "";

  const onRedeliver = (delivery: Delivery) =>
    redeliver.mutate(delivery.id, {
      onSuccess: () => toast.success(`${eventText(delivery.event).label} is queued again, with the same delivery id.`),
      onError: (error) => toast.error(`It was not redelivered: ${errorMessage(error)}`),
    });

  return (
    <div className="grid min-w-0 gap-4">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div className="grid gap-1.5">
          <Label htmlFor="delivery-status-filter">Show</Label>
          <Select
            id="delivery-status-filter"
            className="w-48"
            value={status}
            onChange={(event) => setStatus(event.target.value as DeliveryStatus | "")}
          >
            {STATUS_FILTERS.map((filter) => (
              <option key={filter.value} value={filter.value}>
                {filter.label}
              </option>
            ))}
          </Select>
        </div>
        <Button variant="outline" size="sm" disabled={deliveries.isFetching} onClick={() => void deliveries.refetch()}>
          <RefreshCw aria-hidden />
          Refresh
        </Button>
      </div>
      {deliveries.isError ? (
        <ErrorAlert
          error={deliveries.error}
          title="The deliveries could not be loaded"
          onRetry={() => void deliveries.refetch()}
        />
      ) : items && items.length === 0 ? (
        <EmptyState
          title={status ? `No ${filterLabel.toLowerCase()} deliveries` : "No deliveries yet"}
          description={
            status
              ? "Choose “All deliveries” to see the others."
              : "Deliveries appear here as events happen. “Send test event” sends one now."
          }
        />
      ) : (
        // Wide columns scroll inside this box on narrow screens, not the page.
        <div className="min-w-0 rounded-lg border">
          <Table aria-busy={deliveries.isFetching} aria-label={`Deliveries to ${webhook.url}`}>
            <TableHeader>
              <TableRow className="hover:bg-transparent">
                <TableHead className="w-10 px-1">
                  <span className="sr-only">Details</span>
                </TableHead>
                <TableHead>Event</TableHead>
                <TableHead>Status</TableHead>
                <TableHead>Response</TableHead>
                <TableHead>Duration</TableHead>
                <TableHead>Attempts</TableHead>
                <TableHead>Time</TableHead>
                <TableHead>
                  <span className="sr-only">Actions</span>
                </TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {items
                ? items.map((delivery) => (
                    <DeliveryRow
                      key={delivery.id}
                      delivery={delivery}
                      onRedeliver={onRedeliver}
                      redelivering={redeliver.isPending && redeliver.variables === delivery.id}
                    />
                  ))
                : Array.from({ length: 3 }, (_, index) => (
                    // biome-ignore lint/suspicious/noArrayIndexKey: placeholders without identity
                    <TableRow key={index}>
                      <TableCell colSpan={COLUMNS}>
                        {index === 0 ? <span className="sr-only">Loading deliveries…</span> : null}
                        <Skeleton className="h-4 w-full" />
                      </TableCell>
                    </TableRow>
                  ))}
            </TableBody>
          </Table>
        </div>
      )}
      {deliveries.hasNextPage ? (
        <Button
          variant="outline"
          className="justify-self-center"
          disabled={deliveries.isFetchingNextPage}
          onClick={() => void deliveries.fetchNextPage()}
        >
          {deliveries.isFetchingNextPage ? "Loading…" : "Load more"}
        </Button>
      ) : null}
    </div>
  );
}

/** A webhook's delivery log in a wide dialog: filter by status, open a delivery's payload and error, redeliver. */
export function WebhookDeliveriesDialog({ webhook, trigger }: { webhook: Webhook; trigger: React.ReactElement }) {
  const [open, setOpen] = React.useState(false);
  return (
    <Dialog open={open} onOpenChange={setOpen}>
      <DialogTrigger asChild>{trigger}</DialogTrigger>
      <DialogContent className="max-w-5xl">
        <DialogHeader>
          <DialogTitle>Deliveries</DialogTitle>
          <DialogDescription className="break-all">
            Newest first, to <span className="font-mono text-xs">{webhook.url}</span>. Failed attempts are retried with
            growing pauses for 24 hours.
          </DialogDescription>
        </DialogHeader>
        <DeliveriesLog webhook={webhook} />
      </DialogContent>
    </Dialog>
  );
}
