"use client";

import { useQuery } from "@tanstack/react-query";
import * as React from "react";
import { api, unwrap } from "@/lib/api/client";
import { queryKeys } from "@/lib/api/query-keys";
import { useDebouncedValue } from "@/lib/use-debounced-value";
import {
  actionItems,
  type PaletteItem,
  type PaletteViewer,
  PER_GROUP,
  pageItems,
  projectItems,
  promptItems,
  teamItems,
  workflowItems,
} from "./items";

/** Long enough to skip the keys of a word being typed, short enough to feel immediate. */
const SEARCH_DELAY_MS = 200;

/** Teams asked for per search: more than a group shows, since the palette ranks them again by how well they match. */
const TEAMS_PER_SEARCH = 20;

/**
 * Everything the palette can offer for `query`. Prompts and teams can be many thousands: the API
 * searches them (prompts by name, description and tags; teams by name and slug) after each pause
 * in typing. Workflows and projects are answered whole by their list routes, which the pages
 * already cache under these keys: they are read once when the palette opens and matched here as
 * the user types.
 */
export function usePaletteItems(query: string, viewer: PaletteViewer) {
  const settled = useDebouncedValue(query.trim(), SEARCH_DELAY_MS);
  const prompts = useQuery({
    // Under "prompts", so every change to a prompt refreshes what the palette finds too.
    queryKey: queryKeys.prompts.palette(settled),
    queryFn: ({ signal }) =>
      unwrap(
        api.GET("/api/v1/prompts", {
          params: { query: { q: settled, page_size: PER_GROUP, include_deprecated: "false" } },
          signal,
        }),
      ),
    enabled: settled !== "",
    staleTime: 30_000,
  });
  const workflows = useQuery({
    queryKey: queryKeys.workflows.list,
    queryFn: () => unwrap(api.GET("/api/v1/workflows")),
    staleTime: 60_000,
  });
  const projects = useQuery({
    queryKey: queryKeys.projects.list(""),
    queryFn: () => unwrap(api.GET("/api/v1/projects", { params: { query: {} } })),
    staleTime: 60_000,
  });
  const teams = useQuery({
    // Under "teams", so every change to a team refreshes what the palette finds too.
    queryKey: queryKeys.teams.palette(settled),
    queryFn: ({ signal }) =>
      unwrap(
        api.GET("/api/v1/teams", {
          params: { query: { flat: "true", q: settled, page_size: TEAMS_PER_SEARCH } },
          signal,
        }),
      ),
    enabled: settled !== "",
    staleTime: 30_000,
  });
  // What was found for an older query is dropped once the query changes: it would rank wrongly.
  const current = settled !== "" && settled === query.trim();

  const items = React.useMemo<PaletteItem[]>(
    () => [
      ...(current ? promptItems(prompts.data?.items ?? []) : []),
      ...workflowItems(workflows.data ?? []),
      ...projectItems(projects.data?.items ?? []),
      ...(current ? teamItems(teams.data?.items ?? []) : []),
      ...pageItems(viewer),
      ...actionItems(viewer),
    ],
    [current, prompts.data, workflows.data, projects.data, teams.data, viewer],
  );
  const searching = query.trim() !== "" && (settled !== query.trim() || prompts.isFetching || teams.isFetching);
  const failed = [prompts, workflows, projects, teams].some((result) => result.isError);
  return { items, searching, failed };
}
