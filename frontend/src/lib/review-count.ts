"use client";

import { useQuery } from "@tanstack/react-query";
import { api, unwrap } from "@/lib/api/client";

/** Cache keys shared by the review pages, the menu's badge and the dashboard. */
export const REVIEW_KEYS = {
  all: ["change-requests"] as const,
  waiting: ["change-requests", "waiting-for-me"] as const,
};

/**
 * How many open change requests the signed-in user may approve: the menu's badge and the
 * dashboard show it. Asked again every minute while the page is open, since other people's
 * requests arrive without anything happening on this page.
 */
export function useReviewsWaiting() {
  return useQuery({
    queryKey: REVIEW_KEYS.waiting,
    queryFn: () =>
      unwrap(
        api.GET("/api/v1/change-requests", {
          params: { query: { to_review: "true", state: "open", page: 1, page_size: 1 } },
        }),
      ),
    select: (data) => data.total,
    refetchInterval: 60_000,
    // A badge is not worth an error: without an answer it is simply not shown.
    retry: false,
  });
}
