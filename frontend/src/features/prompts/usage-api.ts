import { useQuery } from "@tanstack/react-query";
import { promptKeys } from "./api";
import { fetchPromptUsage } from "./usage-api14";

export type { PromptUsage, PromptUsageEvent } from "./usage-api14";

/** How many days the usage panel covers. */
export const USAGE_DAYS = 30;

/**
 * The prompt's expansions over the last 30 days, as far as the caller may read them. Apart from
 * api.ts, so only the usage tab's code carries it.
 */
export function usePromptUsage(name: string) {
  return useQuery({
    queryKey: [...promptKeys.detail(name), "usage", USAGE_DAYS],
    queryFn: () => fetchPromptUsage(name, USAGE_DAYS),
  });
}
