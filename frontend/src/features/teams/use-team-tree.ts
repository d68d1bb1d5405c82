"use client";

import { type QueryObserverResult, useQueries, useQuery, useQueryClient } from "@tanstack/react-query";
import * as React from "react";
import { api, unwrap } from "@/lib/api/client";
import { ApiError } from "@/lib/api/errors";
import { queryKeys } from "@/lib/api/query-keys";
import { type Team, teamKeys } from "./api";
import {
  CHILD_PAGE_SIZE,
  expandAncestors,
  isPlaced,
  mergeTeams,
  nextChildPage,
  openTeamsToRead,
  type ShownTeam,
  shownTeams,
} from "./lazy-tree";

/** Levels read before anything is expanded: the top-level teams and their sub-teams. */
const TOP_LEVELS = 2;
const TOP_PAGE_SIZE = 200;

type Listed = { items: Team[] };

const gone = (result: QueryObserverResult<Listed>) => result.error instanceof ApiError && result.error.status === 404;

function combinePages(results: QueryObserverResult<Listed>[]) {
  return {
    lists: results.map((result) => result.data?.items),
    fetching: results.map((result) => result.isFetching),
    failed: results.map((result) => result.isError),
  };
}

// A path whose team was deleted answers 404: its last answer no longer holds.
function combinePaths(results: QueryObserverResult<Listed>[]) {
  return {
    lists: results.map((result) => (gone(result) ? undefined : result.data?.items)),
    gone: results.map(gone),
  };
}

/**
 * The teams of the org chart and list, read a part at a time: the top two levels first; an
 * open team's sub-teams, a page at a time (`loadMore` for the next); and the path down to the
 * selected team when it is not read yet (a URL, a search, a team just created or moved), which
 * opens every team above it. Every part is refreshed when a team changes. `shown` is what to draw, in tree order.
 * The selected team is the first of `wanted` that exists (an old link's team may not).
 */
export function useTeamTree(wanted: readonly (string | null | undefined)[]) {
  const [choices, setChoices] = React.useState<ReadonlyMap<string, boolean>>(new Map());
  const [pagesAsked, setPagesAsked] = React.useState<ReadonlyMap<string, number>>(new Map());
  const [paths, setPaths] = React.useState<readonly string[]>([]);

  const top = useQuery({
    queryKey: teamKeys.treeTop,
    queryFn: ({ signal }) =>
      unwrap(
        api.GET("/api/v1/teams", {
          params: { query: { flat: "true", depth: TOP_LEVELS, page_size: TOP_PAGE_SIZE } },
          signal,
        }),
      ),
  });
  const asked = React.useMemo(
    () =>
      [...pagesAsked].flatMap(([parentId, count]) =>
        Array.from({ length: count }, (_, index) => ({ parentId, page: index + 1 })),
      ),
    [pagesAsked],
  );
  const pages = useQueries({
    queries: asked.map(({ parentId, page }) => ({
      queryKey: teamKeys.treeChildren(parentId, page),
      queryFn: ({ signal }: { signal: AbortSignal }) =>
        unwrap(
          api.GET("/api/v1/teams", {
            params: { query: { parent_team_id: parentId, page, page_size: CHILD_PAGE_SIZE } },
            signal,
          }),
        ),
    })),
    combine: combinePages,
  });
  const chains = useQueries({
    queries: paths.map((teamId) => ({
      queryKey: queryKeys.teams.path(teamId),
      queryFn: ({ signal }: { signal: AbortSignal }) =>
        unwrap(api.GET("/api/v1/teams/{team_id}/path", { params: { path: { team_id: teamId } }, signal })),
    })),
    combine: combinePaths,
  });

  const selectedId =
    wanted.find((id): id is string => Boolean(id) && !paths.some((path, index) => path === id && chains.gone[index])) ??
    null;

  const teams = React.useMemo(
    () => mergeTeams([top.data?.items, ...pages.lists, ...chains.lists]),
    [top.data, pages.lists, chains.lists],
  );
  const shown = React.useMemo(() => shownTeams(teams, choices), [teams, choices]);

  // A path read, or read again and changed (the team moved), opens every team above its team, so
  // it shows. A path read again unchanged (every refresh) leaves closed what the user closed.
  const seenPaths = React.useRef(new Map<string, string>());
  React.useEffect(() => {
    setChoices((current) =>
      chains.lists.reduce((next, chain) => {
        const last = chain?.at(-1);
        const signature = chain?.map((team) => team.id).join("/") ?? "";
        if (!chain || !last || seenPaths.current.get(last.id) === signature) return next;
        seenPaths.current.set(last.id, signature);
        return expandAncestors(next, chain, last.id);
      }, current),
    );
  }, [chains.lists]);

  // The selected team shows: once, what is read opens up to it; or, while it is not read, its path is read.
  const topRead = top.data !== undefined;
  const selectedPlaced = selectedId !== null && isPlaced(teams, selectedId);
  const opened = React.useRef<string | null>(null);
  React.useEffect(() => {
    if (!topRead || selectedId === null) return;
    if (!selectedPlaced) {
      opened.current = null;
      setPaths((current) => (current.includes(selectedId) ? current : [...current, selectedId]));
    } else if (opened.current !== selectedId) {
      opened.current = selectedId;
      setChoices((current) => expandAncestors(current, teams, selectedId));
    }
  }, [topRead, selectedId, selectedPlaced, teams]);

  const askPage = React.useCallback((entry: ShownTeam<Team>) => {
    setPagesAsked((current) => {
      const page = nextChildPage(entry.team, current.get(entry.team.id) ?? 0);
      return page === null ? current : new Map(current).set(entry.team.id, page);
    });
  }, []);

  /** Opens or closes a team. */
  const toggle = React.useCallback((entry: ShownTeam<Team>) => {
    setChoices((current) => new Map(current).set(entry.team.id, !entry.expanded));
  }, []);

  // An open team shows its sub-teams.
  React.useEffect(() => {
    const toRead = openTeamsToRead(shown, pagesAsked);
    if (toRead.length === 0) return;
    setPagesAsked((current) => {
      const next = new Map(current);
      for (const teamId of toRead) if (!next.has(teamId)) next.set(teamId, 1);
      return next;
    });
  }, [shown, pagesAsked]);
  const canLoadMore = React.useCallback(
    (entry: ShownTeam<Team>) =>
      entry.expanded && entry.unread > 0 && nextChildPage(entry.team, pagesAsked.get(entry.team.id) ?? 0) !== null,
    [pagesAsked],
  );

  const { fetching, failed } = pages;
  const [loading, failing] = React.useMemo(() => {
    const parents = asked.map(({ parentId }) => parentId);
    return [
      new Set(parents.filter((_, index) => fetching[index])),
      new Set(parents.filter((_, index) => failed[index])),
    ];
  }, [asked, fetching, failed]);
  const queryClient = useQueryClient();
  const retry = React.useCallback(
    (entry: ShownTeam<Team>) =>
      void queryClient.refetchQueries({ queryKey: teamKeys.treeChildrenOf(entry.team.id), type: "active" }),
    [queryClient],
  );

  return {
    selectedId,
    /** Every team read so far. */
    teams,
    shown,
    toggle,
    /** Reads the next page of an expanded team's sub-teams, when `canLoadMore`. */
    loadMore: askPage,
    canLoadMore,
    /** Teams whose sub-teams are being read. */
    loading,
    /** Teams a page of whose sub-teams could not be read, and how to read it again. */
    failing,
    retry,
    isPending: top.isPending,
    error: top.error,
    refetch: top.refetch,
  };
}
