"use client";

import { useInfiniteQuery } from "@tanstack/react-query";
import { api, unwrap } from "@/lib/api/client";
import { queryKeys } from "@/lib/api/query-keys";
import type { QueryParams } from "@/lib/api/types";

/** The audit log's filters, as the API takes them (paging and format apart). */
export type AuditQuery = Omit<QueryParams<"/api/v1/audit", "get">, "cursor" | "limit" | "format">;

const PAGE_SIZE = 50;

/** Defined, non-empty filters only: `?actor=` with nothing after it would filter on an empty id. */
function definedFilters(query: AuditQuery): AuditQuery {
  return Object.fromEntries(
    Object.entries(query).filter(([, value]) => value !== undefined && value !== ""),
  ) as AuditQuery;
}

/**
 * Audit events matching `query`, newest first, fetched a page at a time: "Load more" asks for
 * the page after the last one's cursor.
 */
export function useAuditEvents(query: AuditQuery, enabled = true) {
  const filters = definedFilters(query);
  return useInfiniteQuery({
    queryKey: queryKeys.audit.events(filters),
    queryFn: ({ pageParam }) =>
      unwrap(
        api.GET("/api/v1/audit", {
          params: { query: { ...filters, limit: PAGE_SIZE, ...(pageParam ? { cursor: pageParam } : {}) } },
        }),
      ),
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.next_cursor,
    enabled,
  });
}

/** The download link for every event matching `query`, one JSON object per line. */
export function auditExportHref(query: AuditQuery): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(definedFilters(query))) params.set(key, String(value));
  params.set("format", "jsonl");
  return `/api/v1/audit?${params}`;
}
