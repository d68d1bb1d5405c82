import type { QueryParams } from "@/lib/api/types";

type PromptListQuery = QueryParams<"/api/v1/prompts", "get">;

/**
 * Cache keys of the resources that several features (and shared components) read or refresh.
 * A feature's own keys, in its `api.ts`, start from these. Every entry of a resource sits under
 * its first element, so invalidating `["prompts"]` also refreshes the palette's prompt search.
 */
export const queryKeys = {
  teams: {
    all: ["teams"] as const,
    palette: (q: string) => ["teams", "palette", q] as const,
    picker: (q: string, excluded: number, managed: boolean) => ["teams", "picker", q, excluded, managed] as const,
    /** Teams named by id (sorted), for showing the names of ids another answer gave. */
    byIds: (ids: readonly string[]) => ["teams", "by-id", ...ids] as const,
    /** A team and every team above it. */
    path: (teamId: string) => ["teams", "path", teamId] as const,
    /** Whether the caller manages any team: what governing someone means. */
    managesAny: ["teams", "manages-any"] as const,
  },
  users: {
    all: ["users"] as const,
    detail: (userId: string) => ["users", "detail", userId] as const,
    directory: ["users", "directory"] as const,
    search: (q: string) => ["users", "search", q] as const,
  },
  prompts: {
    all: ["prompts"] as const,
    lists: ["prompts", "list"] as const,
    list: (query: PromptListQuery | Record<string, unknown>) => ["prompts", "list", query] as const,
    palette: (q: string) => ["prompts", "palette", q] as const,
    detail: (name: string) => ["prompts", "detail", name] as const,
    versions: (name: string) => ["prompts", "detail", name, "versions"] as const,
  },
  projects: {
    all: ["projects"] as const,
    /** Projects of one team; `""` for every project the caller can see. */
    list: (teamId: string) => ["projects", "list", teamId] as const,
    /** Projects the caller may pick (to expand or run under). */
    options: ["projects", "options"] as const,
  },
  workflows: {
    all: ["workflows"] as const,
    list: ["workflows", "list"] as const,
  },
  policies: {
    all: ["policies"] as const,
    effective: (...scope: unknown[]) => ["policies", "effective", ...scope] as const,
  },
  objectives: {
    all: ["objectives"] as const,
    effective: (...scope: unknown[]) => ["objectives", "effective", ...scope] as const,
  },
  changeRequests: {
    all: ["change-requests"] as const,
    /** How many open change requests the caller may approve: the menu's badge. */
    waiting: ["change-requests", "waiting-for-me"] as const,
  },
  audit: {
    all: ["audit"] as const,
    events: (filters: Record<string, unknown>) => ["audit", filters] as const,
  },
  metrics: {
    all: ["metrics"] as const,
    /** The dashboard's headline figures, without filters. */
    summary: ["metrics", "dashboard"] as const,
  },
  /** Organisation settings; only admins may read them. */
  orgSettings: ["settings", "org"] as const,
};
