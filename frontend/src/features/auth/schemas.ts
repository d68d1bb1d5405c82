import {
  displayNameField as displayName,
  emailField,
  nameField,
  passwordField as password,
  slugField,
  usernameField as username,
} from "@/lib/api/fields";
import { z } from "@/lib/zod";

export const loginSchema = z.object({
  identifier: z.string().trim().min(1, "Enter your email or username"),
  password: z.string().min(1, "Enter your password"),
});
export type LoginValues = z.infer<typeof loginSchema>;

export const registerSchema = z.object({
  org_name: nameField("Name your organization"),
  org_slug: slugField("Choose a short name"),
  display_name: displayName,
  email: emailField,
  username,
  password,
});
export type RegisterValues = z.infer<typeof registerSchema>;

export const acceptInvitationSchema = z.object({ display_name: displayName, username, password });
export type AcceptInvitationValues = z.infer<typeof acceptInvitationSchema>;
