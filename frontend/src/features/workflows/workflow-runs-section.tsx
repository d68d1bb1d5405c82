"use client";

import { History, RefreshCw } from "lucide-react";
import dynamic from "next/dynamic";
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
import { useCurrentUser } from "@/lib/session";
import type { Workflow } from "./api";
import { callerText, channelText, durationText, runSummaryText, statusText } from "./run-summary";
import { type RunStatus, type RunSummary, useWorkflowRuns } from "./runs-api";

// A run's detail (with the step results' renderer) loads when a run is first opened.
const RunDetail = dynamic(() => import("./run-detail").then((module) => module.RunDetail), {
  loading: () => <Skeleton className="h-40" />,
});

const dateTimeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });

const STATUS_FILTERS: { value: RunStatus | ""; label: string }[] = [
  { value: "", label: "All runs" },
  { value: "succeeded", label: "Succeeded" },
  { value: "failed", label: "Failed" },
];

/** One run in the list: a button that opens its detail in a dialog. */
function RunEntry({ workflow, run }: { workflow: Workflow; run: RunSummary }) {
  const user = useCurrentUser();
  const [open, setOpen] = React.useState(false);
  const when = dateTimeFormat.format(new Date(run.started_at));
  const status = statusText(run.status);
  return (
    <li data-run-id={run.id}>
      <Dialog open={open} onOpenChange={setOpen}>
        <DialogTrigger asChild>
          <button
            type="button"
            aria-label={`Open run: ${runSummaryText(run, when, user.id)}`}
            className="grid w-full gap-1 rounded-md px-3 py-2.5 text-left text-sm hover:bg-muted/60 focus-visible:outline-2 focus-visible:outline-ring sm:grid-cols-[6rem_1fr_auto] sm:items-center sm:gap-3"
          >
            <span>
              <Badge variant={status.variant}>{status.label}</Badge>
            </span>
            <span className="min-w-0">
              <span className="block">{when}</span>
              <span className="block truncate text-xs text-muted-foreground">
                {callerText(run, user.id)} · {channelText(run.channel)}
                {run.error ? ` · ${run.error}` : ""}
              </span>
            </span>
            <span className="text-xs text-muted-foreground tabular-nums sm:text-right">
              {run.step_count === 1 ? "1 step" : `${run.step_count} steps`} · {durationText(run.duration_ms)}
            </span>
          </button>
        </DialogTrigger>
        <DialogContent className="max-w-3xl">
          <DialogHeader>
            <DialogTitle>Run of {workflow.name}</DialogTitle>
            <DialogDescription>
              {when}, by {callerText(run, user.id)} through {channelText(run.channel)}.
            </DialogDescription>
          </DialogHeader>
          <RunDetail workflowId={workflow.id} runId={run.id} />
        </DialogContent>
      </Dialog>
    </li>
  );
}

/**
 * The workflow's run history, newest first: every run (from this page, the API, the CLI or MCP)
 * its owner and admins may read; others see their own. Filter by outcome, load more, open a run.
 */
export function WorkflowRunsSection({ workflow }: { workflow: Workflow }) {
  const [status, setStatus] = React.useState<RunStatus | "">("");
  const runs = useWorkflowRuns(workflow.id, status || undefined);
  const items = runs.data?.pages.flatMap((page) => page.items);

  return (
    <div className="grid min-w-0 gap-4">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div className="grid gap-1.5">
          <Label htmlFor="run-status-filter">Show</Label>
          <Select
            id="run-status-filter"
            className="w-44"
            value={status}
            onChange={(event) => setStatus(event.target.value as RunStatus | "")}
          >
            {STATUS_FILTERS.map((filter) => (
              <option key={filter.value} value={filter.value}>
                {filter.label}
              </option>
            ))}
          </Select>
        </div>
        <Button variant="outline" size="sm" disabled={runs.isFetching} onClick={() => void runs.refetch()}>
          <RefreshCw aria-hidden />
          Refresh
        </Button>
      </div>
      {runs.isError ? (
        <ErrorAlert error={runs.error} title="The runs could not be loaded" onRetry={() => void runs.refetch()} />
      ) : !items ? (
        <div className="grid gap-2" aria-busy>
          <span className="sr-only">Loading runs…</span>
          <Skeleton className="h-12" />
          <Skeleton className="h-12" />
        </div>
      ) : items.length === 0 ? (
        <EmptyState
          icon={History}
          title={status ? `No ${status} runs` : "No runs yet"}
          description={
            status
              ? "Choose “All runs” to see the others."
              : "Runs from this page, the API, the CLI and MCP appear here, with each step's result."
          }
        />
      ) : (
        <ul
          aria-label={`Runs of ${workflow.name}`}
          aria-busy={runs.isFetching}
          className="grid divide-y rounded-lg border"
        >
          {items.map((run) => (
            <RunEntry key={run.id} workflow={workflow} run={run} />
          ))}
        </ul>
      )}
      {runs.hasNextPage ? (
        <Button
          variant="outline"
          className="justify-self-center"
          disabled={runs.isFetchingNextPage}
          onClick={() => void runs.fetchNextPage()}
        >
          {runs.isFetchingNextPage ? "Loading…" : "Load more"}
        </Button>
      ) : null}
    </div>
  );
}
