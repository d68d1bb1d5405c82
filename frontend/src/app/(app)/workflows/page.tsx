import type { Metadata } from "next";
import { Suspense } from "react";
import { WorkflowListView } from "@/features/workflows/workflow-list-view";

export const metadata: Metadata = { title: "Workflows" };

export default function WorkflowsPage() {
  // The view keeps its search in the URL (useSearchParams), which needs a Suspense boundary.
  return (
    <Suspense>
      <WorkflowListView />
    </Suspense>
  );
}
