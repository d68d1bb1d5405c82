import {
  atMost,
  displayNameField as displayName,
  emailField,
  passwordField as password,
  usernameField,
} from "@/lib/api/fields";
import { apiKeyNameRule } from "@/lib/api/rules";
import { z } from "@/lib/zod";
import { expiryToIso } from "./key-expiry";

// Imported only through useLazyZodResolver, so zod loads after the section has drawn: helpers the
// sections use right away live in form-values.ts, key-expiry.ts and user-admin-values.ts.

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
  name: z
    .string()
    .trim()
    .min(apiKeyNameRule.minLength, "Name the key, e.g. the machine or tool it is for")
    .max(apiKeyNameRule.maxLength, atMost(apiKeyNameRule.maxLength)),
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
