"use client";

import { useQuery } from "@tanstack/react-query";
import { api, unwrap } from "@/lib/api/client";
import { queryKeys } from "@/lib/api/query-keys";

/**
 * How many open change requests the signed-in user may approve: the menu's badge and the
 * dashboard show it. Asked again every minute while the page is open, since other people's
 * requests arrive without anything happening on this page.
 */
export function useReviewsWaiting() {
  return useQuery({
    queryKey: queryKeys.changeRequests.waiting,
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
