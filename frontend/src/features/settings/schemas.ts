import { z } from "zod";

// Mirrors the backend's rules, so most mistakes are caught before a round trip.
const password = z.string().min(8, "At least 8 characters").max(1024, "At most 1024 characters");
const displayName = z.string().trim().max(200, "At most 200 characters");
const optionalEmail = z.union([z.literal(""), z.email("Enter a valid email address").max(254)]);

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

export const API_KEY_SCOPES = [
  { value: "read", label: "Read", description: "List and read prompts, workflows and teams" },
  { value: "expand", label: "Expand", description: "Expand prompts (what IDEs need over MCP)" },
  { value: "write", label: "Write", description: "Every other change, as you" },
] as const;
export type ApiKeyScope = (typeof API_KEY_SCOPES)[number]["value"];

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

/** Today's date as the date input writes it, in the user's time zone: the earliest allowed expiry. */
export function todayInputValue(now = new Date()): string {
  const pad = (value: number) => String(value).padStart(2, "0");
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

export const apiKeySchema = z.object({
  name: z.string().trim().min(1, "Name the key, e.g. the machine or tool it is for").max(100, "At most 100 characters"),
  scopes: z.array(z.enum(["read", "expand", "write"])).min(1, "Choose at least one scope"),
  expires_on: z.string().refine((date) => {
    const iso = expiryToIso(date);
    return iso === null || Date.parse(iso) > Date.now();
  }, "Choose a day from today on"),
});
export type ApiKeyValues = z.infer<typeof apiKeySchema>;

export const ROLE_OPTIONS = [
  { value: "member", label: "Member" },
  { value: "admin", label: "Admin" },
] as const;
export type Role = (typeof ROLE_OPTIONS)[number]["value"];

export const createUserSchema = z.object({
  username: z
    .string()
    .trim()
    .min(2, "At least 2 characters")
    .max(64, "At most 64 characters")
    .regex(/^[a-z0-9_-]+$/, "Lower-case letters, digits, '-' and '_' only"),
  display_name: displayName,
  email: optionalEmail,
  // Optional: without one the user cannot sign in until an admin sets it.
  password: z.union([z.literal(""), password]),
  role: z.enum(["member", "admin"]),
  team_id: z.string().min(1, "Choose a team"),
});
export type CreateUserValues = z.infer<typeof createUserSchema>;

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

export const invitationSchema = z.object({
  email: z.email("Enter a valid email address").max(254),
  team_id: z.string().min(1, "Choose a team"),
  role: z.enum(["member", "admin"]),
});
export type InvitationValues = z.infer<typeof invitationSchema>;

export const INVITATION_STATUSES = [
  { value: "pending", label: "Pending" },
  { value: "accepted", label: "Accepted" },
  { value: "expired", label: "Expired" },
] as const;
export type InvitationStatus = (typeof INVITATION_STATUSES)[number]["value"];

export function isInvitationStatus(value: string): value is InvitationStatus {
  return INVITATION_STATUSES.some((status) => status.value === value);
}
