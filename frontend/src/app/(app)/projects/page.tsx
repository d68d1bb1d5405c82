import type { Metadata } from "next";
import { Suspense } from "react";
import { ProjectListView } from "@/features/projects/project-list-view";

export const metadata: Metadata = { title: "Projects" };

export default function ProjectsPage() {
  // The view keeps its filters in the URL (useSearchParams), which needs a Suspense boundary.
  return (
    <Suspense>
      <ProjectListView />
    </Suspense>
  );
}
