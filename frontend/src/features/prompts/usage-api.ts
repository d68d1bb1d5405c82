import { useQuery } from "@tanstack/react-query";
import { api, unwrap } from "@/lib/api/client";
import type { ResponseBody } from "@/lib/api/types";
import { promptKeys } from "./api";

export type PromptUsage = ResponseBody<"/api/v1/metrics/prompts/{name}", "get">;

/** How many days the usage panel covers. */
export const USAGE_DAYS = 30;

/**
 * The prompt's expansions over the last 30 days, as far as the caller may read them. Apart from
 * api.ts, so only the usage tab's code carries it.
 */
export function usePromptUsage(name: string) {
  return useQuery({
    queryKey: promptKeys.usage(name, USAGE_DAYS),
    queryFn: () =>
      unwrap(api.GET("/api/v1/metrics/prompts/{name}", { params: { path: { name }, query: { days: USAGE_DAYS } } })),
  });
}
