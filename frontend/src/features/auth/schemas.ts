import { z } from "@/lib/zod";

// Mirrors the backend's rules, so most mistakes are caught before a round trip.
const username = z
  .string()
  .trim()
  .min(2, "At least 2 characters")
  .max(64, "At most 64 characters")
  .regex(/^[a-z0-9_-]+$/, "Lower-case letters, digits, '-' and '_' only");
const password = z.string().min(8, "At least 8 characters").max(1024, "At most 1024 characters");
const displayName = z.string().trim().max(200, "At most 200 characters");

export const loginSchema = z.object({
  identifier: z.string().trim().min(1, "Enter your email or username"),
  password: z.string().min(1, "Enter your password"),
});
export type LoginValues = z.infer<typeof loginSchema>;

export const registerSchema = z.object({
  org_name: z.string().trim().min(1, "Name your organization").max(200, "At most 200 characters"),
  org_slug: z
    .string()
    .trim()
    .min(1, "Choose a short name")
    .max(100, "At most 100 characters")
    .regex(/^[a-z0-9-]+$/, "Lower-case letters, digits and '-' only"),
  display_name: displayName,
  email: z.email("Enter a valid email address").max(254),
  username,
  password,
});
export type RegisterValues = z.infer<typeof registerSchema>;

export const acceptInvitationSchema = z.object({ display_name: displayName, username, password });
export type AcceptInvitationValues = z.infer<typeof acceptInvitationSchema>;
