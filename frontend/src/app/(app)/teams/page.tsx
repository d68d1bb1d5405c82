import type { Metadata } from "next";
import { Suspense } from "react";
import { TeamsView } from "@/features/teams/teams-view";

export const metadata: Metadata = { title: "Teams" };

export default function TeamsPage() {
  // The selected team is kept in the URL (useSearchParams), which needs a Suspense boundary.
  return (
    <Suspense>
      <TeamsView />
    </Suspense>
  );
}
