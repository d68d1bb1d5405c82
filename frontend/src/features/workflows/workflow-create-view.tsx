"use client";

import { PageHeader } from "@/components/page-header";
import { WorkflowBuilder } from "./workflow-builder";

export function WorkflowCreateView() {
  return (
    <>
      <PageHeader
        title="New workflow"
        description="Pick the prompts to run and what each one waits for. The steps are checked when you save."
      />
      <WorkflowBuilder />
    </>
  );
}
