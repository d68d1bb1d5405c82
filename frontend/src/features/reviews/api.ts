import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, unwrap } from "@/lib/api/client";
import { queryKeys } from "@/lib/api/query-keys";
import type { QueryParams, ResponseBody } from "@/lib/api/types";

export type ChangeRequest = ResponseBody<"/api/v1/change-requests/{id}", "get">;
export type ChangeRequestState = ChangeRequest["state"];
export type ChangeRequestComment = NonNullable<ChangeRequest["comments"]>[number];
export type ChangeRequestQuery = QueryParams<"/api/v1/change-requests", "get">;

export const reviewKeys = {
  all: queryKeys.changeRequests.all,
  list: (query: ChangeRequestQuery) => [...queryKeys.changeRequests.all, "list", query] as const,
  detail: (id: string) => [...queryKeys.changeRequests.all, "detail", id] as const,
};

const byId = (id: string) => ({ params: { path: { id } } });

export function useChangeRequests(query: ChangeRequestQuery) {
  return useQuery({
    queryKey: reviewKeys.list(query),
    queryFn: () => unwrap(api.GET("/api/v1/change-requests", { params: { query } })),
    placeholderData: keepPreviousData,
  });
}

export function useChangeRequest(id: string) {
  return useQuery({
    queryKey: reviewKeys.detail(id),
    queryFn: () => unwrap(api.GET("/api/v1/change-requests/{id}", byId(id))),
  });
}

/**
 * A reviewer's and an author's actions on one request. Each refreshes every request and every
 * prompt afterwards: approving moves a label (what a prompt serves) and can make other open
 * requests stale, and the count of requests waiting for review changes.
 */
export function useChangeRequestActions(id: string) {
  const queryClient = useQueryClient();
  const refresh = () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: reviewKeys.all }),
      queryClient.invalidateQueries({ queryKey: queryKeys.prompts.all }),
      queryClient.invalidateQueries({ queryKey: queryKeys.audit.all }),
    ]);
  return {
    approve: useMutation({
      mutationFn: (body: { comment?: string; confirm_stale?: boolean }) =>
        unwrap(api.POST("/api/v1/change-requests/{id}/approve", { ...byId(id), body })),
      // A stale answer (409) also changed the request: it is stale now, with what moved.
      onSettled: refresh,
    }),
    reject: useMutation({
      mutationFn: (reason: string) =>
        unwrap(api.POST("/api/v1/change-requests/{id}/reject", { ...byId(id), body: { reason } })),
      onSuccess: refresh,
    }),
    withdraw: useMutation({
      mutationFn: () => unwrap(api.POST("/api/v1/change-requests/{id}/withdraw", byId(id))),
      onSuccess: refresh,
    }),
    comment: useMutation({
      mutationFn: (body: string) =>
        unwrap(api.POST("/api/v1/change-requests/{id}/comments", { ...byId(id), body: { body } })),
      onSuccess: () => queryClient.invalidateQueries({ queryKey: reviewKeys.detail(id) }),
    }),
  };
}
