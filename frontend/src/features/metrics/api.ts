import { keepPreviousData, useInfiniteQuery, useQuery } from "@tanstack/react-query";
import { api, unwrap } from "@/lib/api/client";
import { queryKeys } from "@/lib/api/query-keys";
import type { ResponseBody } from "@/lib/api/types";
import { type MetricsState, usageQuery } from "./filters";

export type MetricsDashboard = ResponseBody<"/api/v1/metrics/dashboard", "get">;
export type UsageEvent = ResponseBody<"/api/v1/usage/events", "get">["items"][number];

const EVENTS_PAGE_SIZE = 50;

/** What a query depends on: the range as chosen (a preset, not its instants) and the filters. */
function stateKey(state: MetricsState) {
  return { range: state.range, from: state.from, to: state.to, ...state.filters };
}

export const metricsKeys = {
  all: queryKeys.metrics.all,
  dashboard: (state: MetricsState) => [...queryKeys.metrics.summary, stateKey(state)] as const,
  events: (state: MetricsState) => ["usage", "events", stateKey(state)] as const,
};

/**
 * The dashboard for the page's range and filters. A preset range counts back from the moment
 * of each fetch, so the minute-by-minute refresh moves the window along.
 */
export function useMetricsDashboard(state: MetricsState, enabled: boolean) {
  return useQuery({
    queryKey: metricsKeys.dashboard(state),
    queryFn: () => {
      const query = usageQuery(state, new Date());
      if (!query) throw new Error("The time range is not valid");
      return unwrap(api.GET("/api/v1/metrics/dashboard", { params: { query } }));
    },
    enabled,
    // Keep the figures on screen while another range or filter loads.
    placeholderData: keepPreviousData,
    // Usage changes as IDEs expand prompts; a minute-old picture is fine, a stale hour is not.
    refetchInterval: 60_000,
  });
}

type EventsPageParam = { cursor: string; from: string; to: string } | null;

/**
 * Logged expansions, newest first, a page at a time. The first page fixes the instants of a
 * preset range, and "Load more" asks the following pages for the same window.
 */
export function useUsageEvents(state: MetricsState, enabled: boolean) {
  return useInfiniteQuery({
    queryKey: metricsKeys.events(state),
    queryFn: async ({ pageParam }: { pageParam: EventsPageParam }) => {
      const query = usageQuery(state, new Date());
      if (!query) throw new Error("The time range is not valid");
      const window = pageParam ? { from: pageParam.from, to: pageParam.to } : { from: query.from, to: query.to };
      const page = await unwrap(
        api.GET("/api/v1/usage/events", {
          params: { query: { ...query, ...window, limit: EVENTS_PAGE_SIZE, cursor: pageParam?.cursor } },
        }),
      );
      return { ...page, window };
    },
    initialPageParam: null as EventsPageParam,
    getNextPageParam: (page): EventsPageParam | undefined =>
      page.next_cursor && page.window.from && page.window.to
        ? { cursor: page.next_cursor, from: page.window.from, to: page.window.to }
        : undefined,
    enabled,
  });
}

/** Every project, for the project filter. */
export function useProjectOptions() {
  return useQuery({
    queryKey: queryKeys.projects.list(""),
    queryFn: () => unwrap(api.GET("/api/v1/projects", { params: { query: {} } })),
    select: (data) => data.items,
    staleTime: 5 * 60_000,
  });
}

/** One user, for showing the name of the user the page is filtered to. */
export function useUserName(userId: string) {
  return useQuery({
    queryKey: queryKeys.users.detail(userId),
    queryFn: () => unwrap(api.GET("/api/v1/users/{user_id}", { params: { path: { user_id: userId } } })),
    enabled: Boolean(userId),
    staleTime: 5 * 60_000,
  });
}
