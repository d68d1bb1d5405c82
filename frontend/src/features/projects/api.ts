import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, unwrap } from "@/lib/api/client";
import { queryKeys } from "@/lib/api/query-keys";
import type { RequestBody, ResponseBody } from "@/lib/api/types";

export type Project = ResponseBody<"/api/v1/projects/{project_id}", "get">;
export type ProjectMember = ResponseBody<"/api/v1/projects/{project_id}/members", "get">[number];
export type Policy = ResponseBody<"/api/v1/policies/{policy_id}", "get">;
export type Objective = ResponseBody<"/api/v1/objectives/{objective_id}", "get">;
export type CreateProjectBody = RequestBody<"/api/v1/projects", "post">;
export type UpdateProjectBody = RequestBody<"/api/v1/projects/{project_id}", "put">;
export type CreatePolicyBody = RequestBody<"/api/v1/policies", "post">;
export type UpdatePolicyBody = RequestBody<"/api/v1/policies/{policy_id}", "put">;
export type CreateObjectiveBody = RequestBody<"/api/v1/projects/{project_id}/objectives", "post">;
export type UpdateObjectiveBody = RequestBody<"/api/v1/objectives/{objective_id}", "put">;

/** Everything about one project sits under `["projects", "detail", id]`, so one invalidation refreshes it. */
export const projectKeys = {
  all: queryKeys.projects.all,
  list: queryKeys.projects.list,
  detail: (id: string) => ["projects", "detail", id] as const,
  members: (id: string) => ["projects", "detail", id, "members"] as const,
  policies: (id: string) => ["projects", "detail", id, "policies"] as const,
  objectives: (id: string) => ["projects", "detail", id, "objectives"] as const,
};

const path = (id: string) => ({ params: { path: { project_id: id } } });

export function useProjectList(teamId: string) {
  return useQuery({
    queryKey: projectKeys.list(teamId),
    queryFn: () => unwrap(api.GET("/api/v1/projects", { params: { query: { team_id: teamId || undefined } } })),
  });
}

export function useProject(id: string) {
  return useQuery({
    queryKey: projectKeys.detail(id),
    queryFn: () => unwrap(api.GET("/api/v1/projects/{project_id}", path(id))),
  });
}

export function useCreateProject() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateProjectBody) => unwrap(api.POST("/api/v1/projects", { body })),
    onSuccess: (project) => {
      queryClient.setQueryData(projectKeys.detail(project.id), project);
      // Lists and the project pickers elsewhere (workflows, playground) all sit under "projects".
      return queryClient.invalidateQueries({ queryKey: projectKeys.all });
    },
  });
}

export function useUpdateProject(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: UpdateProjectBody) => unwrap(api.PUT("/api/v1/projects/{project_id}", { ...path(id), body })),
    onSuccess: (project) => {
      queryClient.setQueryData(projectKeys.detail(id), project);
      return queryClient.invalidateQueries({
        predicate: (query) => query.queryKey[0] === projectKeys.all[0] && query.queryKey[1] !== "detail",
      });
    },
  });
}

export function useDeleteProject(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => unwrap(api.DELETE("/api/v1/projects/{project_id}", path(id))),
    onSuccess: () => {
      queryClient.removeQueries({ queryKey: projectKeys.detail(id) });
      return queryClient.invalidateQueries({ queryKey: projectKeys.all });
    },
  });
}

export function useProjectMembers(id: string) {
  return useQuery({
    queryKey: projectKeys.members(id),
    queryFn: () => unwrap(api.GET("/api/v1/projects/{project_id}/members", path(id))),
  });
}

export function useMemberActions(id: string) {
  const queryClient = useQueryClient();
  const refresh = () => queryClient.invalidateQueries({ queryKey: projectKeys.members(id) });
  return {
    add: useMutation({
      mutationFn: (body: { user_id: string; role?: string }) =>
        unwrap(api.POST("/api/v1/projects/{project_id}/members", { ...path(id), body })),
      onSuccess: refresh,
    }),
    remove: useMutation({
      mutationFn: (userId: string) =>
        unwrap(
          api.DELETE("/api/v1/projects/{project_id}/members/{user_id}", {
            params: { path: { project_id: id, user_id: userId } },
          }),
        ),
      onSuccess: refresh,
    }),
  };
}

export function useProjectPolicies(id: string) {
  return useQuery({
    queryKey: projectKeys.policies(id),
    queryFn: () => unwrap(api.GET("/api/v1/policies", { params: { query: { project_id: id } } })),
    select: (data) => data.items,
  });
}

export function usePolicyActions(projectId: string) {
  const queryClient = useQueryClient();
  const refresh = () => queryClient.invalidateQueries({ queryKey: projectKeys.policies(projectId) });
  return {
    create: useMutation({
      mutationFn: (body: Omit<CreatePolicyBody, "project_id" | "team_id" | "user_id">) =>
        unwrap(api.POST("/api/v1/policies", { body: { ...body, project_id: projectId } })),
      onSuccess: refresh,
    }),
    update: useMutation({
      mutationFn: ({ id, body }: { id: string; body: UpdatePolicyBody }) =>
        unwrap(api.PUT("/api/v1/policies/{policy_id}", { params: { path: { policy_id: id } }, body })),
      onSuccess: refresh,
    }),
    remove: useMutation({
      mutationFn: (id: string) =>
        unwrap(api.DELETE("/api/v1/policies/{policy_id}", { params: { path: { policy_id: id } } })),
      onSuccess: refresh,
    }),
  };
}

/**
 * The project's objectives of every status. The project's own objectives route lists only the
 * active ones, and an objective set to another status would vanish from the page that edits it.
 */
export function useProjectObjectives(id: string) {
  return useQuery({
    queryKey: projectKeys.objectives(id),
    queryFn: () => unwrap(api.GET("/api/v1/objectives", { params: { query: { project_id: id } } })),
    select: (data) => data.items,
  });
}

export function useObjectiveActions(projectId: string) {
  const queryClient = useQueryClient();
  const refresh = () => queryClient.invalidateQueries({ queryKey: projectKeys.objectives(projectId) });
  return {
    create: useMutation({
      mutationFn: (body: CreateObjectiveBody) =>
        unwrap(api.POST("/api/v1/projects/{project_id}/objectives", { ...path(projectId), body })),
      onSuccess: refresh,
    }),
    update: useMutation({
      mutationFn: ({ id, body }: { id: string; body: UpdateObjectiveBody }) =>
        unwrap(api.PUT("/api/v1/objectives/{objective_id}", { params: { path: { objective_id: id } }, body })),
      onSuccess: refresh,
    }),
    remove: useMutation({
      mutationFn: (id: string) =>
        unwrap(api.DELETE("/api/v1/objectives/{objective_id}", { params: { path: { objective_id: id } } })),
      onSuccess: refresh,
    }),
  };
}
