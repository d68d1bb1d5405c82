import type { Metadata } from "next";
import { Suspense } from "react";
import { MetricsView } from "@/features/metrics/metrics-view";

export const metadata: Metadata = { title: "Metrics" };

export default function MetricsPage() {
  // The view keeps its range and filters in the URL (useSearchParams), which needs a Suspense boundary.
  return (
    <Suspense>
      <MetricsView />
    </Suspense>
  );
}
