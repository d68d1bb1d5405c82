import { emailField, passwordField as password, usernameField } from "@/lib/api/fields";
import { z } from "@/lib/zod";

/**
 * A date picked in the form ("2030-01-31") → the end of that day in the user's time zone, as an
 * ISO date-time: a key "expiring on the 31st" still works on the 31st. Empty → never expires.
 */
export function expiryToIso(date: string): string | null {
  if (!date) return null;
  const [year, month, day] = date.split("-").map(Number);
  if (!year || !month || !day) return null;
  return new Date(year, month - 1, day, 23, 59, 59, 999).toISOString();
}

const displayName = z.string().trim().max(200, "At most 200 characters");
const optionalEmail = z.union([z.literal(""), emailField]);

export const profileSchema = z.object({
  display_name: displayName,
  email: optionalEmail,
});
export type ProfileValues = z.infer<typeof profileSchema>;

export const passwordSchema = z
  .object({
    current_password: z.string().min(1, "Enter your current password"),
    password,
    confirm: z.string(),
  })
  .refine((values) => values.password === values.confirm, { path: ["confirm"], message: "The passwords differ" });
export type PasswordValues = z.infer<typeof passwordSchema>;

export const apiKeySchema = z.object({
  name: z.string().trim().min(1, "Name the key, e.g. the machine or tool it is for").max(100, "At most 100 characters"),
  scopes: z.array(z.enum(["read", "expand", "write"])).min(1, "Choose at least one scope"),
  expires_on: z.string().refine((date) => {
    const iso = expiryToIso(date);
    return iso === null || Date.parse(iso) > Date.now();
  }, "Choose a day from today on"),
});
export type ApiKeyValues = z.infer<typeof apiKeySchema>;

export const createUserSchema = z.object({
  username: usernameField,
  display_name: displayName,
  email: optionalEmail,
  // Optional: without one the user cannot sign in until an admin sets it.
  password: z.union([z.literal(""), password]),
  role: z.enum(["member", "admin"]),
  team_id: z.string().min(1, "Choose a team"),
});
export type CreateUserValues = z.infer<typeof createUserSchema>;

export const invitationSchema = z.object({
  email: emailField,
  team_id: z.string().min(1, "Choose a team"),
  /** Teams joined besides the primary one, in the order they were ticked. */
  other_team_ids: z.array(z.string()),
  role: z.enum(["member", "admin"]),
});
export type InvitationValues = z.infer<typeof invitationSchema>;
