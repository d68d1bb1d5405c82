import type { Metadata } from "next";
import { Suspense } from "react";
import { UsageEventsView } from "@/features/metrics/usage-events-view";

export const metadata: Metadata = { title: "Expansion events" };

export default function UsageEventsPage() {
  // The view keeps its range and filters in the URL (useSearchParams), which needs a Suspense boundary.
  return (
    <Suspense>
      <UsageEventsView />
    </Suspense>
  );
}
