import type { EditUserValues } from "./user-admin-schemas";

/** The PUT /users/{id} body: an empty name clears it, an empty email is left as it is. */
export function toEditUserBody(values: EditUserValues) {
  return { display_name: values.display_name.trim(), email: values.email || null };
}

/** The list's status filter ↔ the API's `is_active` query parameter. */
export const USER_STATUS_OPTIONS = [
  { value: "", label: "Any status" },
  { value: "active", label: "Active" },
  { value: "deactivated", label: "Deactivated" },
] as const;

export function isActiveFilter(status: string): "true" | "false" | undefined {
  if (status === "active") return "true";
  if (status === "deactivated") return "false";
  return undefined;
}

/**
 * The `team_ids` to send: the primary team first, then the other chosen teams each once, in the
 * order they were chosen. A primary that is not among the chosen ones is still first.
 */
export function orderTeamIds(primary: string, chosen: readonly string[]): string[] {
  return [primary, ...chosen.filter((id, index) => id !== primary && chosen.indexOf(id) === index)];
}

/** A user's teams by name, primary first; a team the list does not know yet keeps a placeholder. */
export function teamNamesOf(teamIds: readonly string[], teams: readonly { id: string; name: string }[] | undefined) {
  return teamIds.map((id) => ({ id, name: teams?.find((team) => team.id === id)?.name ?? "…" }));
}
