"use client";

import dynamic from "next/dynamic";
import { ErrorAlert } from "@/components/error-alert";
import { Skeleton } from "@/components/ui/skeleton";
import { useRunWorkflow, useStepInputSchemas, type Workflow } from "./api";

function RunFormSkeleton() {
  return (
    <div className="grid gap-3" aria-busy>
      <span className="sr-only">Loading the steps' input…</span>
      <Skeleton className="h-9 w-40" />
      <Skeleton className="h-20" />
    </div>
  );
}

// The run form (with its schema-driven fields and JSON editor) and the results sit below the
// workflow's definition: they load after the page, which keeps its first load light.
const RunForm = dynamic(() => import("./run-form").then((module) => module.RunForm), {
  loading: RunFormSkeleton,
});
const RunResult = dynamic(() => import("./run-result").then((module) => module.RunResult));

/**
 * Runs the workflow with input from a form built from its steps' input schemas (or raw JSON),
 * optionally under a project's governance, and shows what each step rendered. SpecHub calls no
 * model: outputs are the rendered prompts.
 */
export function WorkflowRunPanel({ workflow }: { workflow: Workflow }) {
  const inputs = useStepInputSchemas(workflow.steps);
  const run = useRunWorkflow(workflow.id);

  return (
    <div className="grid gap-4">
      {inputs.isPending ? (
        <RunFormSkeleton />
      ) : (
        <RunForm
          // Saving new steps may change what the run asks for: the form starts over.
          key={workflow.updated_at}
          workflow={workflow}
          schemas={inputs.schemas}
          unavailable={inputs.unavailable}
          pending={run.isPending}
          onRun={(body) => run.mutate(body)}
        />
      )}
      {run.error ? <ErrorAlert error={run.error} title="The run failed" /> : null}
      {run.data ? <RunResult run={run.data} /> : null}
    </div>
  );
}
