import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type GovernanceOutcome, governanceOutcome } from "@/components/governance/review";
import { api, unwrap } from "@/lib/api/client";
import { queryKeys } from "@/lib/api/query-keys";
import type { RequestBody, ResponseBody } from "@/lib/api/types";

export type Team = ResponseBody<"/api/v1/teams", "get">["items"][number];
export type User = ResponseBody<"/api/v1/users", "get">["items"][number];
export type Policy = ResponseBody<"/api/v1/policies", "get">["items"][number];
export type Objective = ResponseBody<"/api/v1/objectives", "get">["items"][number];
export type CreateTeamBody = RequestBody<"/api/v1/teams", "post">;
export type UpdateTeamBody = RequestBody<"/api/v1/teams/{team_id}", "put">;
export type PolicyBody = RequestBody<"/api/v1/policies", "post">;
export type PolicyUpdateBody = RequestBody<"/api/v1/policies/{policy_id}", "put">;
export type ObjectiveBody = RequestBody<"/api/v1/objectives", "post">;
export type ObjectiveUpdateBody = RequestBody<"/api/v1/objectives/{objective_id}", "put">;
export type InvitationBody = RequestBody<"/api/v1/auth/invitations", "post">;

export const MEMBERS_PAGE_SIZE = 20;

/**
 * Cache keys. Moving a team changes what every team below it inherits, so team changes also
 * refresh the `policies` and `objectives` keys.
 */
export const teamKeys = {
  all: queryKeys.teams.all,
  /** The org chart's first read: the top levels. */
  treeTop: [...queryKeys.teams.all, "tree", "top"] as const,
  /** The pages of one team's sub-teams read so far. */
  treeChildrenOf: (parentId: string) => [...queryKeys.teams.all, "tree", "children", parentId] as const,
  /** A page of one team's sub-teams, read when it is expanded. */
  treeChildren: (parentId: string, page: number) =>
    [...queryKeys.teams.all, "tree", "children", parentId, page] as const,
  users: queryKeys.users.all,
  everyone: [...queryKeys.users.all, "everyone"] as const,
  members: (teamId: string, page: number) => [...queryKeys.users.all, "team", teamId, page] as const,
  userSearch: queryKeys.users.search,
  policies: (teamId: string) => [...queryKeys.policies.all, "team", teamId] as const,
  effectivePolicies: (teamId: string) => queryKeys.policies.effective(teamId),
  objectives: (teamId: string) => [...queryKeys.objectives.all, "team", teamId] as const,
  effectiveObjectives: (teamId: string) => queryKeys.objectives.effective(teamId),
  moveImpact: (teamId: string, parentId: string | null) => ["teams", "move-impact", teamId, parentId] as const,
};

const EVERYONE_PAGE_SIZE = 100;
const EVERYONE_MAX_PAGES = 10;

/**
 * Active users, for owner names and member counts on the chart. Read page by page up to a
 * bound; `complete` says whether every user was read, so counts are only shown when true.
 */
export function useEveryone() {
  return useQuery({
    queryKey: teamKeys.everyone,
    queryFn: async () => {
      const items: User[] = [];
      let total = 0;
      for (let page = 1; page <= EVERYONE_MAX_PAGES; page++) {
        const data = await unwrap(
          api.GET("/api/v1/users", { params: { query: { is_active: "true", page, page_size: EVERYONE_PAGE_SIZE } } }),
        );
        items.push(...data.items);
        total = data.total;
        if (items.length >= total || data.items.length === 0) break;
      }
      return { items, complete: items.length >= total };
    },
  });
}

export function useMembers(teamId: string, page: number) {
  return useQuery({
    queryKey: teamKeys.members(teamId, page),
    queryFn: () =>
      unwrap(
        api.GET("/api/v1/users", {
          params: { query: { team_id: teamId, is_active: "true", page, page_size: MEMBERS_PAGE_SIZE } },
        }),
      ),
    placeholderData: keepPreviousData,
  });
}

export function useUserSearch(q: string) {
  return useQuery({
    queryKey: teamKeys.userSearch(q),
    queryFn: () =>
      unwrap(api.GET("/api/v1/users", { params: { query: { q: q || undefined, is_active: "true", page_size: 8 } } })),
    placeholderData: keepPreviousData,
  });
}

/** Creating, inserting, changing and deleting teams; each refreshes the tree and what depends on it. */
export function useTeamMutations() {
  const queryClient = useQueryClient();
  const refresh = () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: teamKeys.all }),
      queryClient.invalidateQueries({ queryKey: queryKeys.policies.all }),
      queryClient.invalidateQueries({ queryKey: queryKeys.objectives.all }),
    ]);
  return {
    create: useMutation({
      mutationFn: (body: CreateTeamBody) => unwrap(api.POST("/api/v1/teams", { body })),
      onSuccess: refresh,
    }),
    insertAbove: useMutation({
      mutationFn: ({ childId, body }: { childId: string; body: CreateTeamBody }) =>
        unwrap(
          api.POST("/api/v1/teams/insert-between/{child_team_id}", {
            params: { path: { child_team_id: childId } },
            body,
          }),
        ),
      onSuccess: refresh,
    }),
    update: useMutation({
      mutationFn: ({ id, body }: { id: string; body: UpdateTeamBody }) =>
        unwrap(api.PUT("/api/v1/teams/{team_id}", { params: { path: { team_id: id } }, body })),
      onSuccess: refresh,
    }),
    remove: useMutation({
      mutationFn: (id: string) => unwrap(api.DELETE("/api/v1/teams/{team_id}", { params: { path: { team_id: id } } })),
      onSuccess: refresh,
    }),
  };
}

/**
 * What moving `teamId` under `parentId` (null: to the top level) would change, asked only while
 * `enabled`. Never served from an old answer: the tree and the policies may have changed since.
 */
export function useMoveImpact(teamId: string, parentId: string | null, enabled: boolean) {
  return useQuery({
    queryKey: teamKeys.moveImpact(teamId, parentId),
    queryFn: () =>
      unwrap(
        api.GET("/api/v1/teams/{team_id}/move-impact", {
          params: { path: { team_id: teamId }, query: { parent_team_id: parentId ?? undefined } },
        }),
      ),
    enabled,
    staleTime: 0,
    gcTime: 0,
  });
}

export function useInvite() {
  return useMutation({
    mutationFn: (body: InvitationBody) => unwrap(api.POST("/api/v1/auth/invitations", { body })),
  });
}

export function useTeamPolicies(teamId: string) {
  return useQuery({
    queryKey: teamKeys.policies(teamId),
    queryFn: () => unwrap(api.GET("/api/v1/policies", { params: { query: { team_id: teamId } } })),
    select: (data) => data.items,
  });
}

export function useEffectivePolicies(teamId: string) {
  return useQuery({
    queryKey: teamKeys.effectivePolicies(teamId),
    queryFn: () => unwrap(api.GET("/api/v1/policies/effective", { params: { query: { team_id: teamId } } })),
    select: (data) => data.inherited,
  });
}

export function useTeamObjectives(teamId: string) {
  return useQuery({
    queryKey: teamKeys.objectives(teamId),
    queryFn: () => unwrap(api.GET("/api/v1/objectives", { params: { query: { team_id: teamId } } })),
    select: (data) => data.items,
  });
}

export function useEffectiveObjectives(teamId: string) {
  return useQuery({
    queryKey: teamKeys.effectiveObjectives(teamId),
    queryFn: () => unwrap(api.GET("/api/v1/objectives/effective", { params: { query: { team_id: teamId } } })),
    select: (data) => data.inherited,
  });
}

/**
 * After a policy or objective write: an applied one shows up on its team and, inherited, on every
 * team below it, so `key` refreshes them all; one sent for review changes nothing yet but adds a
 * change request to the review lists.
 */
function useRefreshAfter(key: "policies" | "objectives") {
  const queryClient = useQueryClient();
  return (outcome: GovernanceOutcome) =>
    queryClient.invalidateQueries({ queryKey: outcome.applied ? queryKeys[key].all : queryKeys.changeRequests.all });
}

export function usePolicyMutations() {
  const onSuccess = useRefreshAfter("policies");
  const path = (id: string) => ({ params: { path: { policy_id: id } } });
  return {
    create: useMutation({
      mutationFn: (body: PolicyBody) => governanceOutcome(api.POST("/api/v1/policies", { body })),
      onSuccess,
    }),
    update: useMutation({
      mutationFn: ({ id, body }: { id: string; body: PolicyUpdateBody }) =>
        governanceOutcome(api.PUT("/api/v1/policies/{policy_id}", { ...path(id), body })),
      onSuccess,
    }),
    remove: useMutation({
      mutationFn: (id: string) => governanceOutcome(api.DELETE("/api/v1/policies/{policy_id}", path(id))),
      onSuccess,
    }),
  };
}

export function useObjectiveMutations() {
  const onSuccess = useRefreshAfter("objectives");
  const path = (id: string) => ({ params: { path: { objective_id: id } } });
  return {
    create: useMutation({
      mutationFn: (body: ObjectiveBody) => governanceOutcome(api.POST("/api/v1/objectives", { body })),
      onSuccess,
    }),
    update: useMutation({
      mutationFn: ({ id, body }: { id: string; body: ObjectiveUpdateBody }) =>
        governanceOutcome(api.PUT("/api/v1/objectives/{objective_id}", { ...path(id), body })),
      onSuccess,
    }),
    remove: useMutation({
      mutationFn: (id: string) => governanceOutcome(api.DELETE("/api/v1/objectives/{objective_id}", path(id))),
      onSuccess,
    }),
  };
}
