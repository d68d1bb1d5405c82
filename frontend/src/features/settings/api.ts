import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, unwrap } from "@/lib/api/client";
import { ApiError } from "@/lib/api/errors";
import { queryKeys } from "@/lib/api/query-keys";
import type { QueryParams, RequestBody, ResponseBody } from "@/lib/api/types";
import type { InvitationFilter } from "./form-values";

export type Me = ResponseBody<"/api/v1/auth/me", "get">;
export type ApiKey = ResponseBody<"/api/v1/api-keys", "get">[number];
export type CreatedApiKey = ResponseBody<"/api/v1/api-keys", "post", 201>;
export type CreateApiKeyBody = RequestBody<"/api/v1/api-keys", "post">;
export type User = ResponseBody<"/api/v1/users", "get">["items"][number];
export type UserListQuery = QueryParams<"/api/v1/users", "get">;
export type UpdateUserBody = RequestBody<"/api/v1/users/{user_id}", "put">;
export type CreateUserBody = RequestBody<"/api/v1/users", "post">;
export type Team = ResponseBody<"/api/v1/teams", "get">["items"][number];
export type Invitation = ResponseBody<"/api/v1/auth/invitations", "get">[number];
export type CreateInvitationBody = RequestBody<"/api/v1/auth/invitations", "post">;
export type InvitationWithLink = ResponseBody<"/api/v1/auth/invitations/{invitation_id}/regenerate", "post">;
export type OrgSettings = ResponseBody<"/api/v1/settings", "get">;
export type OrgSettingsBody = RequestBody<"/api/v1/settings", "patch">;

export const settingsKeys = {
  me: ["auth", "me"] as const,
  apiKeys: ["api-keys"] as const,
  users: queryKeys.users.all,
  userList: (query: UserListQuery) => [...queryKeys.users.all, "list", query] as const,
  teamImpact: (userId: string, teamId: string) => [...queryKeys.users.all, "team-impact", userId, teamId] as const,
  invitations: ["invitations"] as const,
  invitationList: (status: InvitationFilter) => ["invitations", "list", status] as const,
  orgSettings: queryKeys.orgSettings,
};

/** The caller, fresh from the API; starts from the session the page was rendered with. */
export function useMe(initial: Me) {
  return useQuery({
    queryKey: settingsKeys.me,
    queryFn: () => unwrap(api.GET("/api/v1/auth/me")),
    initialData: initial,
  });
}

/** Profile and password changes of the caller (PUT /users/{me}). */
export function useUpdateMe(userId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: UpdateUserBody) =>
      unwrap(api.PUT("/api/v1/users/{user_id}", { params: { path: { user_id: userId } }, body })),
    onSuccess: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: settingsKeys.me }),
        queryClient.invalidateQueries({ queryKey: settingsKeys.users }),
      ]),
  });
}

export function useApiKeys() {
  return useQuery({
    queryKey: settingsKeys.apiKeys,
    queryFn: () => unwrap(api.GET("/api/v1/api-keys")),
  });
}

export function useCreateApiKey() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateApiKeyBody) => unwrap(api.POST("/api/v1/api-keys", { body })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: settingsKeys.apiKeys }),
  });
}

export function useRevokeApiKey() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (keyId: string) =>
      unwrap(api.DELETE("/api/v1/api-keys/{key_id}", { params: { path: { key_id: keyId } } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: settingsKeys.apiKeys }),
  });
}

export function useUsers(query: UserListQuery) {
  return useQuery({
    queryKey: settingsKeys.userList(query),
    queryFn: () => unwrap(api.GET("/api/v1/users", { params: { query } })),
    // Keep the current page on screen while the next one loads.
    placeholderData: keepPreviousData,
  });
}

/** Admin edits of any user: role, team, active flag. */
export function useUpdateUser() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ userId, body }: { userId: string; body: UpdateUserBody }) =>
      unwrap(api.PUT("/api/v1/users/{user_id}", { params: { path: { user_id: userId } }, body })),
    onSuccess: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: settingsKeys.users }),
        queryClient.invalidateQueries({ queryKey: settingsKeys.me }),
      ]),
  });
}

/**
 * What moving a user to `teamId` would change in the governance they inherit, asked only while
 * `enabled`, and never from an old answer.
 */
export function useUserTeamImpact(userId: string, teamId: string, enabled: boolean) {
  return useQuery({
    queryKey: settingsKeys.teamImpact(userId, teamId),
    queryFn: () =>
      unwrap(
        api.GET("/api/v1/users/{user_id}/team-impact", {
          params: { path: { user_id: userId }, query: { team_id: teamId } },
        }),
      ),
    enabled,
    staleTime: 0,
    gcTime: 0,
  });
}

export function useCreateUser() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateUserBody) => unwrap(api.POST("/api/v1/users", { body })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: settingsKeys.users }),
  });
}

export function useInvitations(status: InvitationFilter) {
  return useQuery({
    queryKey: settingsKeys.invitationList(status),
    queryFn: () => unwrap(api.GET("/api/v1/auth/invitations", { params: { query: { status } } })),
    placeholderData: keepPreviousData,
  });
}

/** A new link for a pending invitation; the old link stops working. */
export function useRegenerateInvitation() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (invitationId: string) =>
      unwrap(
        api.POST("/api/v1/auth/invitations/{invitation_id}/regenerate", {
          params: { path: { invitation_id: invitationId } },
        }),
      ),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: settingsKeys.invitations }),
  });
}

/** The 409 for an email that has a pending invitation names it, so its link can be regenerated. */
export class PendingInvitationError extends ApiError {
  constructor(
    body: unknown,
    readonly invitationId: string,
  ) {
    super(409, body);
  }
}

export function useCreateInvitation() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (body: CreateInvitationBody) => {
      const result = await api.POST("/api/v1/auth/invitations", { body });
      const conflict = result.response.status === 409 ? (result.error as { invitation_id?: string }) : undefined;
      const pendingId = conflict?.invitation_id;
      if (pendingId) throw new PendingInvitationError(result.error, pendingId);
      return unwrap(Promise.resolve(result));
    },
    onSuccess: () => queryClient.invalidateQueries({ queryKey: settingsKeys.invitations }),
  });
}

export function useRevokeInvitation() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (invitationId: string) =>
      unwrap(
        api.DELETE("/api/v1/auth/invitations/{invitation_id}", { params: { path: { invitation_id: invitationId } } }),
      ),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: settingsKeys.invitations }),
  });
}

/** The organization's change-control settings (admins only). */
export function useOrgSettings() {
  return useQuery({
    queryKey: settingsKeys.orgSettings,
    queryFn: () => unwrap(api.GET("/api/v1/settings")),
  });
}

/**
 * Changes some of the settings. Protecting `production` gives every prompt a production label,
 * so prompts are refreshed too.
 */
export function useUpdateOrgSettings() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: OrgSettingsBody) => unwrap(api.PATCH("/api/v1/settings", { body })),
    onSuccess: (settings) => {
      queryClient.setQueryData(settingsKeys.orgSettings, settings);
      return queryClient.invalidateQueries({ queryKey: queryKeys.prompts.all });
    },
  });
}
