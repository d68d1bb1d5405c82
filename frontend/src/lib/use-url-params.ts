"use client";

import { usePathname, useRouter, useSearchParams } from "next/navigation";
import * as React from "react";

/**
 * List filters kept in the URL's query string, so a filtered view can be bookmarked, shared and
 * restored with the back button. `update` merges changes; empty values are removed from the URL.
 *
 * Written here rather than taken from nuqs on purpose: nuqs queues every URL write and flushes it
 * at least 50 ms later (its guard against browsers' History API limits). A search box commits its
 * text when it loses focus; with nuqs that write landed after the click that moved focus had
 * already navigated, and took the user back to the list (caught by the end-to-end test "keeps the
 * page the user moved to"). `router.replace` here happens in the same task as the commit.
 */
export function useUrlParams<K extends string>(
  keys: readonly K[],
): [Record<K, string>, (changes: Partial<Record<K, string | number | null>>) => void] {
  const router = useRouter();
  const pathname = usePathname();
  const searchParams = useSearchParams();
  const values = React.useMemo(
    () => Object.fromEntries(keys.map((key) => [key, searchParams.get(key) ?? ""])) as Record<K, string>,
    [keys, searchParams],
  );
  const update = React.useCallback(
    (changes: Partial<Record<K, string | number | null>>) => {
      const next = new URLSearchParams(searchParams.toString());
      for (const [key, value] of Object.entries(changes) as [K, string | number | null | undefined][]) {
        if (value === null || value === undefined || value === "") next.delete(key);
        else next.set(key, String(value));
      }
      const query = next.toString();
      router.replace(query ? `${pathname}?${query}` : pathname, { scroll: false });
    },
    [pathname, router, searchParams],
  );
  return [values, update];
}
