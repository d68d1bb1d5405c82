import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { Share, ShareTarget } from "@/components/share-dialog";
import { api, unwrap } from "@/lib/api/client";
import { ApiError } from "@/lib/api/errors";
import { queryKeys } from "@/lib/api/query-keys";
import type { QueryParams, RequestBody, ResponseBody } from "@/lib/api/types";
import { useDebouncedValue } from "@/lib/use-debounced-value";

export type Prompt = ResponseBody<"/api/v1/prompts/{name}", "get">;
export type PromptSummary = ResponseBody<"/api/v1/prompts", "get">["items"][number];
export type PromptVersion = ResponseBody<"/api/v1/prompts/{name}/versions", "get">[number];
export type Expansion = ResponseBody<"/api/v1/expand/{name}", "post">;
export type VersionCheck = ResponseBody<"/api/v1/prompts/validate", "post">;
export type VersionCheckBody = RequestBody<"/api/v1/prompts/validate", "post">;
export type Project = ResponseBody<"/api/v1/projects", "get">["items"][number];
export type PromptListQuery = QueryParams<"/api/v1/prompts", "get">;
export type NewVersionBody = RequestBody<"/api/v1/prompts/{name}", "put">;
export type CreatePromptBody = RequestBody<"/api/v1/prompts", "post">;
export type PromptDetailsBody = RequestBody<"/api/v1/prompts/{name}", "patch">;

/** Cache keys: everything about one prompt sits under `["prompts", name]`, so one invalidation refreshes it. */
export const promptKeys = {
  all: queryKeys.prompts.all,
  lists: queryKeys.prompts.lists,
  list: (query: PromptListQuery) => queryKeys.prompts.list(query),
  detail: queryKeys.prompts.detail,
  versions: queryKeys.prompts.versions,
  shares: (name: string) => [...queryKeys.prompts.detail(name), "shares"] as const,
  usage: (name: string, days: number) => [...queryKeys.prompts.detail(name), "usage", days] as const,
  templateCheck: (body: VersionCheckBody | null) => ["template-check", body] as const,
};

const path = (name: string) => ({ params: { path: { name } } });

export function usePromptList(query: PromptListQuery) {
  return useQuery({
    queryKey: promptKeys.list(query),
    queryFn: () =>
      unwrap(api.GET("/api/v1/prompts", { params: { query } })) as Promise<{
        items: PromptSummary[];
        total: number;
        page: number;
        page_size: number;
      }>,
    // Keep the current page on screen while the next one loads, instead of flashing skeletons.
    placeholderData: keepPreviousData,
  });
}

export function usePrompt(name: string) {
  return useQuery({
    queryKey: promptKeys.detail(name),
    queryFn: () => unwrap(api.GET("/api/v1/prompts/{name}", path(name))),
  });
}

export function usePromptVersions(name: string) {
  return useQuery({
    queryKey: promptKeys.versions(name),
    queryFn: () => unwrap(api.GET("/api/v1/prompts/{name}/versions", path(name))),
  });
}

/** Projects the caller may pick to expand under (their policies and objectives apply too). */
export function useProjectOptions() {
  return useQuery({
    queryKey: queryKeys.projects.options,
    queryFn: () => unwrap(api.GET("/api/v1/projects")),
    select: (data) => data.items,
  });
}

export function useCreatePrompt() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: CreatePromptBody) => unwrap(api.POST("/api/v1/prompts", { body })),
    onSuccess: (prompt) => {
      queryClient.setQueryData(promptKeys.detail(prompt.name), prompt);
      return queryClient.invalidateQueries({ queryKey: promptKeys.lists });
    },
  });
}

/** A change request a label change opened instead of applying (the label is protected). */
export type OpenedReview = Pick<ResponseBody<"/api/v1/prompts/{name}/labels/{label}", "put", 202>, "id" | "title">;

/** What moving or clearing a label did: applied at once (200), or opened a review (202). */
export type LabelOutcome = { applied: true; prompt: Prompt } | { applied: false; review: OpenedReview };

async function labelChange(request: Promise<{ data?: unknown; error?: unknown; response: Response }>) {
  const { data, error, response } = await request;
  if (!response.ok) throw new ApiError(response.status, error);
  return (response.status === 202
    ? { applied: false, review: data as OpenedReview }
    : { applied: true, prompt: data as Prompt }) satisfies LabelOutcome as LabelOutcome;
}

/**
 * The actions on one prompt. Each refreshes everything cached about prompts afterwards, since a
 * version, a pin or a deprecation changes both the prompt's page and the lists it appears in.
 */
export function usePromptActions(name: string) {
  const queryClient = useQueryClient();
  const refresh = () => queryClient.invalidateQueries({ queryKey: promptKeys.all });
  const options = { onSuccess: refresh };
  return {
    addVersion: useMutation({
      mutationFn: (body: NewVersionBody) => unwrap(api.PUT("/api/v1/prompts/{name}", { ...path(name), body })),
      ...options,
    }),
    moveLabel: useMutation({
      mutationFn: ({ label, version, comment }: { label: string; version: string; comment?: string }) =>
        labelChange(
          api.PUT("/api/v1/prompts/{name}/labels/{label}", {
            params: { path: { name, label } },
            body: comment ? { version, comment } : { version },
          }),
        ),
      ...options,
    }),
    clearLabel: useMutation({
      mutationFn: (label: string) =>
        labelChange(
          api.DELETE("/api/v1/prompts/{name}/labels/{label}", { params: { path: { name, label } }, body: {} }),
        ),
      ...options,
    }),
    deprecate: useMutation({
      mutationFn: () => unwrap(api.DELETE("/api/v1/prompts/{name}", path(name))),
      ...options,
    }),
    updateDetails: useMutation({
      mutationFn: (body: PromptDetailsBody) => unwrap(api.PATCH("/api/v1/prompts/{name}", { ...path(name), body })),
      ...options,
    }),
    restore: useMutation({
      mutationFn: () => unwrap(api.POST("/api/v1/prompts/{name}/restore", path(name))),
      ...options,
    }),
  };
}

/**
 * One playground run: the served version, or `version`; as the user themselves (recorded as
 * usage), or previewed as another user, a team or a project's team (not recorded).
 */
export type ExpandRequest = {
  input: Record<string, unknown>;
  project_id: string | null;
  /** Omitted: the served version. */
  version?: string;
  as_user_id?: string;
  as_team_id?: string;
  /** Preview under `project_id` as a member of the project's team. */
  as_project?: boolean;
};

export function useExpand(name: string) {
  return useMutation({
    mutationFn: ({ version, as_user_id, as_team_id, as_project, ...body }: ExpandRequest) => {
      if (as_user_id || as_team_id || as_project) {
        return unwrap(
          api.POST("/api/v1/expand/{name}/preview", {
            ...path(name),
            body: { ...body, version, as_user_id: as_user_id ?? null, as_team_id: as_team_id ?? null },
          }),
        );
      }
      if (version) {
        return unwrap(
          api.POST("/api/v1/expand/{name}/versions/{version}", { params: { path: { name, version } }, body }),
        );
      }
      return unwrap(api.POST("/api/v1/expand/{name}", { ...path(name), body }));
    },
  });
}

/**
 * The editor's live check of a draft version (and, with sample input, its preview), asked again
 * after each pause in typing. Null asks nothing (the schema text is not JSON yet).
 */
export function useVersionCheck(body: VersionCheckBody | null) {
  const settled = useDebouncedValue(body, 350);
  return useQuery({
    queryKey: promptKeys.templateCheck(settled),
    queryFn: ({ signal }) =>
      unwrap(api.POST("/api/v1/prompts/validate", { body: settled as VersionCheckBody, signal })),
    enabled: settled !== null,
    placeholderData: keepPreviousData,
    staleTime: 30_000,
  });
}

/** Who a prompt is shared with; only fetched while the share dialog is open. */
export function usePromptShares(name: string, enabled: boolean) {
  return useQuery({
    queryKey: promptKeys.shares(name),
    queryFn: () => unwrap(api.GET("/api/v1/prompts/{name}/shares", path(name))),
    enabled,
  });
}

export function usePromptShareActions(name: string) {
  const queryClient = useQueryClient();
  const refresh = () => queryClient.invalidateQueries({ queryKey: promptKeys.shares(name) });
  return {
    add: useMutation({
      mutationFn: (target: ShareTarget) =>
        unwrap(api.POST("/api/v1/prompts/{name}/shares", { ...path(name), body: target })),
      onSuccess: refresh,
    }),
    remove: useMutation({
      mutationFn: (share: Share) =>
        share.team_id
          ? unwrap(
              api.DELETE("/api/v1/prompts/{name}/shares/teams/{team_id}", {
                params: { path: { name, team_id: share.team_id } },
              }),
            )
          : unwrap(
              api.DELETE("/api/v1/prompts/{name}/shares/{user_id}", {
                params: { path: { name, user_id: share.user_id ?? "" } },
              }),
            ),
      onSuccess: refresh,
    }),
  };
}

/**
 * The labels that need a review to move. Only admins may read the settings, so for everyone else
 * this stays unknown (undefined) and the page learns it from the answer to a move (202).
 */
export function useProtectedLabels(isAdmin: boolean) {
  return useQuery({
    queryKey: queryKeys.orgSettings,
    queryFn: () => unwrap(api.GET("/api/v1/settings")),
    select: (settings) => settings.protected_labels,
    enabled: isAdmin,
    staleTime: 60_000,
  });
}
