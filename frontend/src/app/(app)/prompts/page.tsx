import type { Metadata } from "next";
import { Suspense } from "react";
import { PromptListView } from "@/features/prompts/prompt-list-view";

export const metadata: Metadata = { title: "Prompts" };

export default function PromptsPage() {
  // The view reads its filters from the URL (useSearchParams), which needs a Suspense boundary.
  return (
    <Suspense>
      <PromptListView />
    </Suspense>
  );
}
