"use client";

import { useQuery } from "@tanstack/react-query";
import { fetchEveryTeam } from "@/lib/api/every-team";
import { queryKeys } from "@/lib/api/query-keys";
import type { CurrentUser } from "@/lib/api/types";

/**
 * Whether the user governs anyone: admins, and owners of a team (who may read the audit log of
 * their team's subtree). Everyone else reads only their own actions and their own items' history.
 */
export function useIsGovernor(user: CurrentUser): boolean {
  const teams = useQuery({
    // The teams list every page shares: the teams chart and pickers read the same cache entry.
    queryKey: queryKeys.teams.flat,
    queryFn: ({ signal }) => fetchEveryTeam(signal),
    enabled: user.role !== "admin",
    staleTime: 5 * 60_000,
  });
  return user.role === "admin" || (teams.data?.items.some((team) => team.owner_id === user.id) ?? false);
}
