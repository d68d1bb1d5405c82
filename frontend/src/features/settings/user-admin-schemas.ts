import { emailField, passwordField as password } from "@/lib/api/fields";
import { z } from "@/lib/zod";

/**
 * An admin's edit of a user's name and email. The API keeps an email when it receives none, so a
 * user who has one can get another but not lose it: the form says so instead of pretending.
 */
export function editUserSchema({ hasEmail }: { hasEmail: boolean }) {
  return z.object({
    display_name: z.string().trim().max(200, "At most 200 characters"),
    email: hasEmail ? emailField : z.union([z.literal(""), emailField]),
  });
}
export type EditUserValues = z.infer<ReturnType<typeof editUserSchema>>;

/** The PUT /users/{id} body: an empty name clears it, an empty email is left as it is. */
export function toEditUserBody(values: EditUserValues) {
  return { display_name: values.display_name.trim(), email: values.email || null };
}

export const setPasswordSchema = z
  .object({ password, confirm: z.string() })
  .refine((values) => values.password === values.confirm, { path: ["confirm"], message: "The passwords differ" });
export type SetPasswordValues = z.infer<typeof setPasswordSchema>;

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
