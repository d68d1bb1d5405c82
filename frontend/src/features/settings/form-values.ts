import type { CreateUserValues } from "./schemas";

export const API_KEY_SCOPES = [
  { value: "read", label: "Read", description: "List and read prompts, workflows and teams" },
  { value: "expand", label: "Expand", description: "Expand prompts (what IDEs need over MCP)" },
  { value: "write", label: "Write", description: "Every other change, as you" },
] as const;
export type ApiKeyScope = (typeof API_KEY_SCOPES)[number]["value"];

export const ROLE_OPTIONS = [
  { value: "member", label: "Member" },
  { value: "admin", label: "Admin" },
] as const;
export type Role = (typeof ROLE_OPTIONS)[number]["value"];

/** The POST /users body: empty optional fields are left out rather than sent as empty strings. */
export function toCreateUserBody(values: CreateUserValues) {
  return {
    username: values.username.trim(),
    display_name: values.display_name.trim() || null,
    email: values.email || null,
    ...(values.password ? { password: values.password } : {}),
    role: values.role,
    team_id: values.team_id,
  };
}

export const INVITATION_STATUSES = [
  { value: "pending", label: "Pending" },
  { value: "accepted", label: "Accepted" },
  { value: "revoked", label: "Revoked" },
  { value: "expired", label: "Expired" },
] as const;
export type InvitationStatus = (typeof INVITATION_STATUSES)[number]["value"];

/** What the invitation list can show: one status, or every invitation. */
export const INVITATION_FILTERS = [...INVITATION_STATUSES, { value: "all", label: "All" }] as const;
export type InvitationFilter = (typeof INVITATION_FILTERS)[number]["value"];

/** The filter a URL asks for; pending invitations, as the API lists by default, when it names none we know. */
export function toInvitationFilter(value: string | null | undefined): InvitationFilter {
  return INVITATION_FILTERS.find((filter) => filter.value === value)?.value ?? "pending";
}

/**
 * The teams an invitation leads into, the primary team first and each once: `others` may still
 * hold the team just chosen as primary, which then counts only as primary.
 */
export function invitationTeamIds(primary: string, others: readonly string[]): string[] {
  return [...new Set([primary, ...others].filter(Boolean))];
}

/** Team names for ids, in the same order; an id no loaded team has shows as "—". */
export function teamNames(ids: readonly string[], teams: readonly { id: string; name: string }[] | undefined) {
  const byId = new Map(teams?.map((team) => [team.id, team.name]));
  return ids.map((id) => byId.get(id) ?? "—");
}
