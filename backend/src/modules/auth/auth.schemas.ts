import { z } from "zod";
import { ROLES } from "../../db/schema.js";
import {
  displayNameField,
  emailField,
  nameField,
  passwordField,
  slugField,
  usernameField,
} from "../../http/schemas.js";

export const statusResponse = z.object({
  has_org: z.boolean().describe("True once the first admin has registered"),
});

export const registerBody = z.object({
  org_name: nameField,
  org_slug: slugField,
  email: emailField,
  username: usernameField,
  password: passwordField,
  display_name: displayNameField.nullish(),
});

export const loginBody = z
  .object({
    email: z.string().trim().min(1).max(254).optional().describe("Email or username"),
    username: z.string().trim().min(1).max(254).optional().describe("Alternative to `email`"),
    password: z.string().min(1, { error: "must not be empty" }).max(1024),
  })
  .refine((body) => body.email !== undefined || body.username !== undefined, {
    error: "Provide an email or username",
    path: ["email"],
  });

export const authUser = z.object({
  id: z.string(),
  username: z.string(),
  display_name: z.string().nullable(),
  email: z.string().nullable(),
  role: z.enum(ROLES),
  team_id: z.string(),
});

export const authResponse = z.object({ token: z.string(), user: authUser });

export const meResponse = authUser.extend({
  is_active: z.boolean(),
  team_ids: z.array(z.string()).describe("Every team the caller is a member of, the primary team (team_id) first"),
});
