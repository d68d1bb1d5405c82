import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, unwrap } from "@/lib/api/client";
import { queryKeys } from "@/lib/api/query-keys";
import type { RequestBody, ResponseBody } from "@/lib/api/types";

export type Webhook = ResponseBody<"/api/v1/webhooks", "get">["items"][number];
export type CreatedWebhook = ResponseBody<"/api/v1/webhooks", "post", 201>;
export type CreateWebhookBody = RequestBody<"/api/v1/webhooks", "post">;
export type UpdateWebhookBody = RequestBody<"/api/v1/webhooks/{webhook_id}", "patch">;
export type Delivery = ResponseBody<"/api/v1/webhooks/{webhook_id}/deliveries", "get">["items"][number];
export type DeliveryStatus = Delivery["status"];
export type WebhookEvent = Delivery["event"];

export const webhookKeys = {
  all: ["webhooks"] as const,
  list: ["webhooks", "list"] as const,
  deliveries: (webhookId: string) => ["webhooks", "deliveries", webhookId] as const,
  deliveryList: (webhookId: string, status: DeliveryStatus | undefined) =>
    ["webhooks", "deliveries", webhookId, status ?? "all"] as const,
  /** The teams a team owner may scope a webhook to, when there is just one. */
  onlyTeam: [...queryKeys.teams.all, "webhook-scope"] as const,
};

/** How often lists with deliveries still on their way are asked again, so outcomes appear on their own. */
const PENDING_REFRESH_MS = 2_000;

/** The webhooks the caller may manage; refreshed while a newest delivery is still pending. */
export function useWebhooks() {
  return useQuery({
    queryKey: webhookKeys.list,
    queryFn: () => unwrap(api.GET("/api/v1/webhooks")),
    select: (data) => data.items,
    refetchInterval: (query) =>
      query.state.data?.items.some((webhook) => webhook.last_delivery?.status === "pending")
        ? PENDING_REFRESH_MS
        : false,
  });
}

/**
 * The one team a team owner may scope a webhook to (the team they own, without sub-teams), so
 * there is nothing to choose; null when there are more, or none.
 */
export function useOnlyManagedTeam(enabled: boolean) {
  return useQuery({
    queryKey: webhookKeys.onlyTeam,
    queryFn: ({ signal }) =>
      unwrap(api.GET("/api/v1/teams", { params: { query: { flat: "true", managed: "true", page_size: 2 } }, signal })),
    select: (data) => (data.total === 1 ? (data.items[0] ?? null) : null),
    enabled,
    staleTime: 5 * 60_000,
  });
}

export function useCreateWebhook() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateWebhookBody) => unwrap(api.POST("/api/v1/webhooks", { body })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: webhookKeys.list }),
  });
}

export function useUpdateWebhook() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: UpdateWebhookBody }) =>
      unwrap(api.PATCH("/api/v1/webhooks/{webhook_id}", { params: { path: { webhook_id: id } }, body })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: webhookKeys.list }),
  });
}

export function useDeleteWebhook() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) =>
      unwrap(api.DELETE("/api/v1/webhooks/{webhook_id}", { params: { path: { webhook_id: id } } })),
    onSuccess: (_, id) => {
      queryClient.removeQueries({ queryKey: webhookKeys.deliveries(id) });
      return queryClient.invalidateQueries({ queryKey: webhookKeys.list });
    },
  });
}

/** A new signing secret; the old one stops signing at once. */
export function useRotateWebhookSecret() {
  return useMutation({
    mutationFn: (id: string) =>
      unwrap(api.POST("/api/v1/webhooks/{webhook_id}/secret", { params: { path: { webhook_id: id } } })),
  });
}

/** Queues a `ping` to one webhook. */
export function useSendTestEvent() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) =>
      unwrap(api.POST("/api/v1/webhooks/{webhook_id}/test", { params: { path: { webhook_id: id } } })),
    onSuccess: (_, id) =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: webhookKeys.list }),
        queryClient.invalidateQueries({ queryKey: webhookKeys.deliveries(id) }),
      ]),
  });
}

/**
 * One webhook's deliveries, newest first, a page at a time (`fetchNextPage` follows
 * `next_cursor`). While any shown delivery is pending the pages are asked again, so the log
 * shows its outcome without a reload.
 */
export function useDeliveries(webhookId: string, status: DeliveryStatus | undefined) {
  return useInfiniteQuery({
    queryKey: webhookKeys.deliveryList(webhookId, status),
    queryFn: ({ pageParam }) =>
      unwrap(
        api.GET("/api/v1/webhooks/{webhook_id}/deliveries", {
          params: {
            path: { webhook_id: webhookId },
            query: { ...(status ? { status } : {}), ...(pageParam ? { cursor: pageParam } : {}) },
          },
        }),
      ),
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.next_cursor,
    // Deliveries happen in the background: opening the log always asks for the newest.
    staleTime: 0,
    refetchInterval: (query) =>
      query.state.data?.pages.some((page) => page.items.some((delivery) => delivery.status === "pending"))
        ? PENDING_REFRESH_MS
        : false,
  });
}

export function useRedeliver(webhookId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (deliveryId: string) =>
      unwrap(
        api.POST("/api/v1/webhooks/{webhook_id}/deliveries/{delivery_id}/redeliver", {
          params: { path: { webhook_id: webhookId, delivery_id: deliveryId } },
        }),
      ),
    onSuccess: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: webhookKeys.deliveries(webhookId) }),
        queryClient.invalidateQueries({ queryKey: webhookKeys.list }),
      ]),
  });
}
