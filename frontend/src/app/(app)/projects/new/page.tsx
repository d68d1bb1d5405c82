import type { Metadata } from "next";
import { ProjectCreateView } from "@/features/projects/project-create-view";

export const metadata: Metadata = { title: "New project" };

export default function NewProjectPage() {
  return <ProjectCreateView />;
}
