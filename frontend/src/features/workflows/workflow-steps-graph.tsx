"use client";

import dynamic from "next/dynamic";
import * as React from "react";
import type { Workflow } from "./api";
import { describeStep, layoutStepGraph } from "./step-graph-layout";

/**
 * The drawing loads with the workflow page only when the page shows it: @xyflow/react is the
 * largest library of the web UI and stays out of the JavaScript every other page needs.
 */
const StepGraph = dynamic(() => import("./step-graph").then((module) => module.StepGraph), {
  ssr: false,
  loading: () => <div aria-hidden className="h-40 w-full animate-pulse rounded-md bg-muted/40" />,
});

/** The workflow's steps as a drawing, and the same in words (run order, what feeds each step). */
export function WorkflowStepsGraph({ workflow }: { workflow: Workflow }) {
  const layout = React.useMemo(() => layoutStepGraph(workflow.steps), [workflow.steps]);
  if (workflow.steps.length === 0) return <p className="text-sm text-muted-foreground">No steps to draw yet.</p>;
  return (
    <div className="grid gap-4">
      <StepGraph workflow={workflow} />
      <section aria-label="Steps in run order" className="grid gap-1.5 text-sm">
        <h3 className="font-medium">Steps in run order</h3>
        <ol className="grid gap-1 text-muted-foreground">
          {layout.nodes.map((node) => (
            <li key={node.id} data-step-id={node.id}>
              {describeStep(node)}
            </li>
          ))}
        </ol>
      </section>
    </div>
  );
}
