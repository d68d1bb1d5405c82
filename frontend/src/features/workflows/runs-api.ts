import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import { api, unwrap } from "@/lib/api/client";
import type { ResponseBody } from "@/lib/api/types";
import { workflowKeys } from "./api";

export type RunSummary = ResponseBody<"/api/v1/workflows/{workflow_id}/runs", "get">["items"][number];
export type RunDetail = ResponseBody<"/api/v1/workflows/{workflow_id}/runs/{run_id}", "get">;
export type RunStatus = RunSummary["status"];

const PAGE_SIZE = 20;

/** A workflow's runs, newest first, a page at a time; `status` narrows them. */
export function useWorkflowRuns(workflowId: string, status: RunStatus | undefined) {
  return useInfiniteQuery({
    queryKey: workflowKeys.runList(workflowId, status ?? "all"),
    queryFn: ({ pageParam }) =>
      unwrap(
        api.GET("/api/v1/workflows/{workflow_id}/runs", {
          params: {
            path: { workflow_id: workflowId },
            query: { limit: PAGE_SIZE, ...(status ? { status } : {}), ...(pageParam ? { cursor: pageParam } : {}) },
          },
        }),
      ),
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.next_cursor,
  });
}

/** One run with its input and step results; idle until a run is chosen. */
export function useWorkflowRun(workflowId: string, runId: string | null) {
  return useQuery({
    queryKey: workflowKeys.run(workflowId, runId),
    queryFn: () =>
      unwrap(
        api.GET("/api/v1/workflows/{workflow_id}/runs/{run_id}", {
          params: { path: { workflow_id: workflowId, run_id: runId ?? "" } },
        }),
      ),
    enabled: runId !== null,
    // A recorded run never changes.
    staleTime: Number.POSITIVE_INFINITY,
  });
}
