"use client";

import { ErrorAlert } from "@/components/error-alert";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Skeleton } from "@/components/ui/skeleton";
import { useCurrentUser } from "@/lib/session";
import { StepResult } from "./run-result";
import { callerText, channelText, durationText, inputText, statusText } from "./run-summary";
import { useWorkflowRun } from "./runs-api";

const dateTimeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "medium" });

/** A recorded run: who ran it and how, its input, and each step's result as the run answered it. */
export function RunDetail({ workflowId, runId }: { workflowId: string; runId: string }) {
  const user = useCurrentUser();
  const run = useWorkflowRun(workflowId, runId);
  if (run.isPending) {
    return (
      <div className="grid gap-3" aria-busy>
        <span className="sr-only">Loading the run…</span>
        <Skeleton className="h-20" />
        <Skeleton className="h-40" />
      </div>
    );
  }
  if (run.isError) {
    return <ErrorAlert error={run.error} title="The run could not be loaded" onRetry={() => void run.refetch()} />;
  }
  const data = run.data;
  const status = statusText(data.status);
  return (
    <div className="grid min-w-0 gap-4">
      <dl className="grid gap-2 text-sm sm:grid-cols-[max-content_1fr] sm:gap-x-4">
        <dt className="text-muted-foreground">Status</dt>
        <dd>
          <Badge variant={status.variant}>{status.label}</Badge>
        </dd>
        <dt className="text-muted-foreground">Started</dt>
        <dd>{dateTimeFormat.format(new Date(data.started_at))}</dd>
        <dt className="text-muted-foreground">Duration</dt>
        <dd className="tabular-nums">{durationText(data.duration_ms)}</dd>
        <dt className="text-muted-foreground">Run by</dt>
        <dd>{callerText(data, user.id)}</dd>
        <dt className="text-muted-foreground">Through</dt>
        <dd>{channelText(data.channel)}</dd>
        {data.project_id ? (
          <>
            <dt className="text-muted-foreground">Project</dt>
            <dd className="break-all font-mono text-xs">{data.project_id}</dd>
          </>
        ) : null}
        {data.label ? (
          <>
            <dt className="text-muted-foreground">Label</dt>
            <dd className="font-mono">{data.label}</dd>
          </>
        ) : null}
        {data.error ? (
          <>
            <dt className="text-muted-foreground">Error</dt>
            <dd className="whitespace-pre-wrap break-words text-destructive">{data.error}</dd>
          </>
        ) : null}
      </dl>
      {data.truncated ? (
        <Alert>Parts of this run were too long to keep whole: they end with “[truncated: … bytes not kept]”.</Alert>
      ) : null}
      <section aria-label="Run input" className="grid gap-1.5">
        <h3 className="text-sm font-semibold">Input</h3>
        <pre
          // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region needs focus to scroll by keyboard
          tabIndex={0}
          className="max-h-60 overflow-auto whitespace-pre-wrap break-words rounded-md border bg-muted/50 p-3 font-mono text-xs"
        >
          {inputText(data.input)}
        </pre>
      </section>
      <section aria-label="Step results" className="grid gap-3">
        <h3 className="text-sm font-semibold">Steps</h3>
        {data.steps.length === 0 ? (
          <p className="text-sm text-muted-foreground">No step ran.</p>
        ) : (
          data.steps.map((step) => <StepResult key={step.step_id} step={step} />)
        )}
      </section>
    </div>
  );
}
