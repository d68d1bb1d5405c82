import { displayNameField, emailField, passwordField as password } from "@/lib/api/fields";
import { z } from "@/lib/zod";

/**
 * An admin's edit of a user's name and email. The API keeps an email when it receives none, so a
 * user who has one can get another but not lose it: the form says so instead of pretending.
 */
export function editUserSchema({ hasEmail }: { hasEmail: boolean }) {
  return z.object({
    display_name: displayNameField,
    email: hasEmail ? emailField : z.union([z.literal(""), emailField]),
  });
}
export type EditUserValues = z.infer<ReturnType<typeof editUserSchema>>;

export const setPasswordSchema = z
  .object({ password, confirm: z.string() })
  .refine((values) => values.password === values.confirm, { path: ["confirm"], message: "The passwords differ" });
export type SetPasswordValues = z.infer<typeof setPasswordSchema>;
