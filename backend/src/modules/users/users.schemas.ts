import { z } from "zod";
import { ROLES } from "../../db/schema.js";
import {
  displayNameField,
  emailField,
  listOf,
  passwordField,
  timestamp,
  toIso,
  usernameField,
  uuidParam,
} from "../../http/schemas.js";
import type { UserRow } from "./users.types.js";

export const userIdParams = uuidParam("user_id");

export const userResponse = z.object({
  id: z.string(),
  team_id: z.string().describe("The primary team: the first of `team_ids`"),
  team_ids: z.array(z.string()).describe("Every team the user is a member of, the primary team first"),
  username: z.string(),
  display_name: z.string().nullable(),
  email: z.string().nullable(),
  role: z.enum(ROLES),
  is_active: z.boolean(),
  created_at: timestamp,
  updated_at: timestamp,
});

export const userListResponse = listOf(userResponse);

export const createUserBody = z.object({
  username: usernameField,
  display_name: displayNameField.nullish(),
  email: emailField.nullish(),
  team_id: z.uuid({ error: "team_id must be a UUID" }),
  role: z.enum(ROLES).default("member"),
  password: passwordField.optional().describe("Without a password the user cannot sign in until one is set"),
});

export const listUsersQuery = z.object({
  team_id: z.uuid({ error: "team_id must be a UUID" }).optional(),
  q: z.string().trim().max(200).optional().describe("Case-insensitive match on username, display name or email"),
  is_active: z.stringbool().optional(),
  page: z.coerce.number().int().min(1).default(1),
  page_size: z.coerce.number().int().min(1).max(100).default(50),
});

export const updateUserBody = z.object({
  display_name: displayNameField.nullish().describe("null or absent: unchanged"),
  email: emailField.nullish().describe("null or absent: unchanged"),
  password: passwordField.optional().describe("Users changing their own password must also send `current_password`"),
  current_password: z.string().min(1).max(1024).optional(),
  role: z.enum(ROLES).optional().describe("Admins only"),
  team_id: z
    .uuid({ error: "team_id must be a UUID" })
    .optional()
    .describe("Admins only. The primary team; the user's other teams are kept"),
  team_ids: z
    .array(z.uuid({ error: "team_ids must be UUIDs" }))
    .min(1, { error: "team_ids needs at least one team" })
    .max(50)
    .refine((ids) => new Set(ids).size === ids.length, { error: "team_ids lists a team twice" })
    .optional()
    .describe("Admins only. Every team of the user, the primary first; wins over team_id"),
  is_active: z
    .boolean()
    .optional()
    .describe("Admins only. Suspends sign-in and API keys without revoking the keys (DELETE revokes them)"),
});

export type UpdateUserBody = z.infer<typeof updateUserBody>;

/** A user row with its teams, primary first. */
export type UserWithTeams = UserRow & { teamIds: string[] };

export function toUserResponse(row: UserWithTeams): z.infer<typeof userResponse> {
  return {
    id: row.id,
    team_id: row.teamId,
    team_ids: row.teamIds,
    username: row.username,
    display_name: row.displayName,
    email: row.email,
    role: row.role,
    is_active: row.isActive,
    created_at: toIso(row.createdAt),
    updated_at: toIso(row.updatedAt),
  };
}
