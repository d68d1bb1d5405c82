import type { Metadata } from "next";
import { Suspense } from "react";
import { ReviewListView } from "@/features/reviews/review-list-view";

export const metadata: Metadata = { title: "Reviews" };

export default function ReviewsPage() {
  // The view keeps its tab and filters in the URL (useSearchParams), which needs a Suspense boundary.
  return (
    <Suspense>
      <ReviewListView />
    </Suspense>
  );
}
