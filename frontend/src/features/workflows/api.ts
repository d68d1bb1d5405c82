import { keepPreviousData, useMutation, useQueries, useQuery, useQueryClient } from "@tanstack/react-query";
import type { Share, ShareTarget } from "@/components/share-dialog";
import { api, unwrap } from "@/lib/api/client";
import { queryKeys } from "@/lib/api/query-keys";
import type { RequestBody, ResponseBody } from "@/lib/api/types";

export type Workflow = ResponseBody<"/api/v1/workflows/{workflow_id}", "get">;
export type WorkflowRun = ResponseBody<"/api/v1/workflows/{workflow_id}/run", "post">;
export type WorkflowShare = ResponseBody<"/api/v1/workflows/{workflow_id}/shares", "get">[number];
export type CreateWorkflowBody = RequestBody<"/api/v1/workflows", "post">;
export type UpdateWorkflowBody = RequestBody<"/api/v1/workflows/{workflow_id}", "put">;
export type RunWorkflowBody = RequestBody<"/api/v1/workflows/{workflow_id}/run", "post">;

/** Everything about one workflow sits under `["workflows", "detail", id]`. */
export const workflowKeys = {
  all: queryKeys.workflows.all,
  list: queryKeys.workflows.list,
  detail: (id: string) => ["workflows", "detail", id] as const,
  shares: (id: string) => ["workflows", "detail", id, "shares"] as const,
  runs: (id: string) => ["workflows", "detail", id, "runs"] as const,
  /** `status` is the list's filter, "all" without one. */
  runList: (id: string, status: string) => ["workflows", "detail", id, "runs", "list", status] as const,
  run: (id: string, runId: string | null) => ["workflows", "detail", id, "runs", "detail", runId] as const,
};

const path = (id: string) => ({ params: { path: { workflow_id: id } } });

export function useWorkflowList() {
  return useQuery({
    queryKey: workflowKeys.list,
    queryFn: () => unwrap(api.GET("/api/v1/workflows")),
  });
}

export function useWorkflow(id: string) {
  return useQuery({
    queryKey: workflowKeys.detail(id),
    queryFn: () => unwrap(api.GET("/api/v1/workflows/{workflow_id}", path(id))),
  });
}

export function useCreateWorkflow() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateWorkflowBody) => unwrap(api.POST("/api/v1/workflows", { body })),
    onSuccess: (workflow) => {
      queryClient.setQueryData(workflowKeys.detail(workflow.id), workflow);
      return queryClient.invalidateQueries({ queryKey: workflowKeys.list });
    },
  });
}

export function useUpdateWorkflow(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: UpdateWorkflowBody) => unwrap(api.PUT("/api/v1/workflows/{workflow_id}", { ...path(id), body })),
    onSuccess: (workflow) => {
      queryClient.setQueryData(workflowKeys.detail(id), workflow);
      return queryClient.invalidateQueries({ queryKey: workflowKeys.list });
    },
  });
}

export function useDeleteWorkflow(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => unwrap(api.DELETE("/api/v1/workflows/{workflow_id}", path(id))),
    onSuccess: () => {
      queryClient.removeQueries({ queryKey: workflowKeys.detail(id) });
      return queryClient.invalidateQueries({ queryKey: workflowKeys.list });
    },
  });
}

export function useRunWorkflow(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: RunWorkflowBody) =>
      unwrap(api.POST("/api/v1/workflows/{workflow_id}/run", { ...path(id), body })),
    // Every run is kept, refused ones too: the history shows it either way.
    onSettled: () => queryClient.invalidateQueries({ queryKey: workflowKeys.runs(id) }),
  });
}

export function useWorkflowShares(id: string, enabled: boolean) {
  return useQuery({
    queryKey: workflowKeys.shares(id),
    queryFn: () => unwrap(api.GET("/api/v1/workflows/{workflow_id}/shares", path(id))),
    enabled,
  });
}

export function useShareActions(id: string) {
  const queryClient = useQueryClient();
  const refresh = () => queryClient.invalidateQueries({ queryKey: workflowKeys.shares(id) });
  return {
    add: useMutation({
      mutationFn: (target: ShareTarget) =>
        unwrap(api.POST("/api/v1/workflows/{workflow_id}/shares", { ...path(id), body: target })),
      onSuccess: refresh,
    }),
    remove: useMutation({
      mutationFn: (share: Share) =>
        share.team_id
          ? unwrap(
              api.DELETE("/api/v1/workflows/{workflow_id}/shares/teams/{team_id}", {
                params: { path: { workflow_id: id, team_id: share.team_id } },
              }),
            )
          : unwrap(
              api.DELETE("/api/v1/workflows/{workflow_id}/shares/{user_id}", {
                params: { path: { workflow_id: id, user_id: share.user_id ?? "" } },
              }),
            ),
      onSuccess: refresh,
    }),
  };
}

/** Prompts matching what is typed in a step's prompt box (a page of names is enough to pick from). */
export function usePromptSearch(q: string) {
  return useQuery({
    queryKey: queryKeys.prompts.list({ q, page_size: 10, for: "workflow-step" }),
    queryFn: () => unwrap(api.GET("/api/v1/prompts", { params: { query: { q: q || undefined, page_size: 10 } } })),
    placeholderData: keepPreviousData,
    select: (data) => data.items,
  });
}

/** A prompt's versions, for pinning a step to one; idle until a prompt is named. */
export function usePromptVersionOptions(name: string) {
  return useQuery({
    queryKey: queryKeys.prompts.versions(name),
    queryFn: () => unwrap(api.GET("/api/v1/prompts/{name}/versions", { params: { path: { name } } })),
    enabled: name.length > 0,
    retry: false,
  });
}

/** Projects a workflow may belong to or run under. */
export function useProjectOptions() {
  return useQuery({
    queryKey: queryKeys.projects.options,
    queryFn: () => unwrap(api.GET("/api/v1/projects")),
    select: (data) => data.items,
  });
}

const unique = (names: string[]) => [...new Set(names)];

/**
 * The input schema of each step's prompt version, by step id: the pinned version, else the one
 * the prompt serves. `unavailable` lists the steps whose prompt or version could not be read
 * (deleted, or not visible to the caller); their variables are unknown.
 */
export function useStepInputSchemas(steps: Workflow["steps"]) {
  const served = unique(steps.filter((step) => !step.prompt_version).map((step) => step.prompt_name));
  const pinned = unique(steps.filter((step) => step.prompt_version).map((step) => step.prompt_name));
  const servedQueries = useQueries({
    queries: served.map((name) => ({
      queryKey: queryKeys.prompts.detail(name),
      queryFn: () => unwrap(api.GET("/api/v1/prompts/{name}", { params: { path: { name } } })),
      retry: false,
    })),
  });
  const pinnedQueries = useQueries({
    queries: pinned.map((name) => ({
      queryKey: queryKeys.prompts.versions(name),
      queryFn: () => unwrap(api.GET("/api/v1/prompts/{name}/versions", { params: { path: { name } } })),
      retry: false,
    })),
  });

  const schemas: Record<string, unknown> = {};
  const unavailable: string[] = [];
  for (const step of steps) {
    const version = step.prompt_version
      ? pinnedQueries[pinned.indexOf(step.prompt_name)]?.data?.find((item) => item.version === step.prompt_version)
      : servedQueries[served.indexOf(step.prompt_name)]?.data?.active_version;
    if (version) schemas[step.id] = version.input_schema;
    else unavailable.push(step.id);
  }
  return {
    isPending: [...servedQueries, ...pinnedQueries].some((query) => query.isPending),
    schemas,
    unavailable,
  };
}
