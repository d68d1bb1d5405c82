"use client";

import { useQuery } from "@tanstack/react-query";
import { api, unwrap } from "@/lib/api/client";
import { queryKeys } from "@/lib/api/query-keys";
import type { CurrentUser } from "@/lib/api/types";

/**
 * Whether the user governs anyone: admins, and owners of a team (who may read the audit log of
 * their team's subtree). Everyone else reads only their own actions and their own items' history.
 */
export function useIsGovernor(user: CurrentUser): boolean {
  const managed = useQuery({
    // A team owner manages at least the team they own: one team of that list says enough.
    queryKey: queryKeys.teams.managesAny,
    queryFn: ({ signal }) =>
      unwrap(api.GET("/api/v1/teams", { params: { query: { flat: "true", managed: "true", page_size: 1 } }, signal })),
    enabled: user.role !== "admin",
    staleTime: 5 * 60_000,
  });
  return user.role === "admin" || (managed.data?.total ?? 0) > 0;
}
