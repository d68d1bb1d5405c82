import { z } from "zod";
import { ROLES } from "../../db/schema.js";
import {
  emailField,
  nullableTimestamp,
  passwordField,
  timestamp,
  usernameField,
  uuidParam,
} from "../../http/schemas.js";
import { INVITATION_STATUSES } from "./invitations.repository.js";

export const createInvitationBody = z.object({
  email: emailField,
  team_id: z.uuid({ error: "team_id must be a UUID" }),
  role: z.enum(ROLES).default("member").describe("Only admins may invite an `admin`"),
});

export const listInvitationsQuery = z.object({
  status: z.enum(INVITATION_STATUSES).optional(),
});

export const invitationResponse = z.object({
  id: z.string(),
  email: z.string(),
  team_id: z.string(),
  role: z.enum(ROLES),
  token: z.string().nullable().describe("The invitation token: returned once, at creation; null in lists"),
  invited_by_id: z.string().nullable(),
  accepted_at: nullableTimestamp,
  expires_at: timestamp,
  created_at: timestamp,
  status: z.enum(INVITATION_STATUSES),
});

export const invitationIdParams = uuidParam("invitation_id");

export const tokenParam = z.object({ token: z.string().min(1).max(512) });

export const invitationPreviewResponse = z.object({
  email: z.string(),
  team_id: z.string(),
  team_name: z.string(),
  role: z.enum(ROLES),
  expires_at: timestamp,
});

export const acceptInvitationBody = z.object({
  username: usernameField,
  password: passwordField,
  display_name: z.string().trim().max(200).nullish(),
});
