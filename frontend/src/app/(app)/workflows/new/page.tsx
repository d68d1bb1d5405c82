import type { Metadata } from "next";
import { WorkflowCreateView } from "@/features/workflows/workflow-create-view";

export const metadata: Metadata = { title: "New workflow" };

export default function NewWorkflowPage() {
  return <WorkflowCreateView />;
}
