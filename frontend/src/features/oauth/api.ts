import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, unwrap } from "@/lib/api/client";
import type { ResponseBody } from "@/lib/api/types";

export type ConsentRequest = ResponseBody<"/api/v1/oauth/requests/{id}", "get">;
export type Grant = ResponseBody<"/api/v1/oauth/grants", "get">["items"][number];
export type Decision = "approve" | "deny";

export const oauthKeys = {
  request: (id: string) => ["oauth", "requests", id] as const,
  grants: ["oauth", "grants"] as const,
};

/** What an IDE asks for, as the consent page shows it. Asked once: a request is decided only once. */
export function useConsentRequest(id: string) {
  return useQuery({
    queryKey: oauthKeys.request(id),
    queryFn: () => unwrap(api.GET("/api/v1/oauth/requests/{id}", { params: { path: { id } } })),
    enabled: id !== "",
    staleTime: Number.POSITIVE_INFINITY,
  });
}

/** Approves or denies the request; the answer says where to send the browser (back to the IDE). */
export function useDecideConsent(id: string) {
  return useMutation({
    mutationFn: (decision: Decision) =>
      decision === "approve"
        ? unwrap(api.POST("/api/v1/oauth/requests/{id}/approve", { params: { path: { id } } }))
        : unwrap(api.POST("/api/v1/oauth/requests/{id}/deny", { params: { path: { id } } })),
  });
}

/** The caller's connected apps: IDEs they let sign in through the browser. */
export function useGrants() {
  return useQuery({
    queryKey: oauthKeys.grants,
    queryFn: () => unwrap(api.GET("/api/v1/oauth/grants")).then((body) => body.items),
  });
}

/** Disconnects an app: its tokens stop working at once. */
export function useRevokeGrant() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => unwrap(api.DELETE("/api/v1/oauth/grants/{id}", { params: { path: { id } } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: oauthKeys.grants }),
  });
}
