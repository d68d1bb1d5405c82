import { type QueryObserverResult, useQueries } from "@tanstack/react-query";
import * as React from "react";
import { api, unwrap } from "@/lib/api/client";
import { queryKeys } from "@/lib/api/query-keys";
import type { ResponseBody } from "@/lib/api/types";

/** A team as the API lists it, with `child_count`, how many direct sub-teams it has. */
export type TeamSummary = ResponseBody<"/api/v1/teams", "get">["items"][number];

type TeamList = ResponseBody<"/api/v1/teams", "get">;

/** Ids named per request: a short address, and one page of the answer. */
const IDS_PER_REQUEST = 100;

function combineTeams(results: QueryObserverResult<TeamList>[]) {
  return {
    byId: new Map(results.flatMap((result) => result.data?.items ?? []).map((team) => [team.id, team])),
    isPending: results.some((result) => result.isPending),
    error: results.find((result) => result.error)?.error ?? null,
  };
}

/**
 * The teams with these ids (ids another answer gave: a project's team, a user's teams), asked
 * for by id a hundred at a time rather than by reading every team. Ids of teams that no longer
 * exist are absent from `byId`; with `managed`, so are those of teams the caller does not manage.
 */
export function useTeamsById(
  ids: readonly (string | null | undefined)[],
  { managed = false, enabled = true }: { managed?: boolean; enabled?: boolean } = {},
) {
  const wanted = [...new Set(ids.filter((id): id is string => Boolean(id)))].sort();
  const batches: string[][] = [];
  for (let start = 0; start < wanted.length; start += IDS_PER_REQUEST) {
    batches.push(wanted.slice(start, start + IDS_PER_REQUEST));
  }
  return useQueries({
    queries: batches.map((batch) => ({
      queryKey: managed ? [...queryKeys.teams.byIds(batch), "managed"] : queryKeys.teams.byIds(batch),
      queryFn: ({ signal }: { signal: AbortSignal }) =>
        unwrap(
          api.GET("/api/v1/teams", {
            params: {
              query: { ids: batch.join(","), managed: managed ? "true" : undefined, page_size: batch.length },
            },
            signal,
          }),
        ),
      staleTime: 60_000,
      enabled,
    })),
    combine: combineTeams,
  });
}

/**
 * Teams by id, as `useTeamsById` answers them, and the teams picked on this page (`remember`),
 * which are known at once: a name shows as soon as its team is chosen.
 */
export function useKnownTeams(ids: readonly (string | null | undefined)[]) {
  const [picked, setPicked] = React.useState<ReadonlyMap<string, TeamSummary>>(new Map());
  const lookup = useTeamsById(ids.filter((id) => id && !picked.has(id)));
  const remember = React.useCallback(
    (team: TeamSummary) => setPicked((known) => new Map(known).set(team.id, team)),
    [],
  );
  return { byId: new Map([...lookup.byId, ...picked]), isPending: lookup.isPending, error: lookup.error, remember };
}

type TeamPath = ResponseBody<"/api/v1/teams/{team_id}/path", "get">;

function combinePaths(results: QueryObserverResult<TeamPath>[]) {
  const paths = results.flatMap((result) => (result.data ? [result.data.items] : []));
  return {
    /** Each team's path, the top-level team first and the team last, by the team's id. */
    byId: new Map(paths.flatMap((path) => path.slice(-1).map((team) => [team.id, path] as const))),
    /** Every team on those paths, once. */
    teams: [...new Map(paths.flat().map((team) => [team.id, team])).values()],
    isPending: results.some((result) => result.isPending),
    error: results.find((result) => result.error)?.error ?? null,
    refetch: () => Promise.all(results.map((result) => result.refetch())),
  };
}

/**
 * Where each of these teams sits: the team and every team above it, one request per team (a
 * user's few teams, a project's team), never the whole tree.
 */
export function useTeamPaths(ids: readonly (string | null | undefined)[]) {
  const wanted = [...new Set(ids.filter((id): id is string => Boolean(id)))];
  return useQueries({
    queries: wanted.map((teamId) => ({
      queryKey: queryKeys.teams.path(teamId),
      queryFn: ({ signal }: { signal: AbortSignal }) =>
        unwrap(api.GET("/api/v1/teams/{team_id}/path", { params: { path: { team_id: teamId } }, signal })),
      staleTime: 60_000,
    })),
    combine: combinePaths,
  });
}
