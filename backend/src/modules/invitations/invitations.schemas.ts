import { z } from "zod";
import { ROLES } from "../../db/schema.js";
import {
  displayNameField,
  emailField,
  errorResponse,
  nullableTimestamp,
  passwordField,
  timestamp,
  usernameField,
  uuidParam,
} from "../../http/schemas.js";
import { INVITATION_STATUSES } from "./invitations.repository.js";

/** More teams than anyone belongs to in practice; bounds the checks one request may cause. */
export const MAX_INVITATION_TEAMS = 20;

const teamId = z.uuid({ error: "team ids must be UUIDs" });

export const createInvitationBody = z
  .object({
    email: emailField,
    team_id: teamId.optional().describe("The primary team; alone, the invitee joins only this team"),
    team_ids: z
      .array(teamId)
      .min(1, { error: "team_ids needs at least one team" })
      .max(MAX_INVITATION_TEAMS, { error: `At most ${MAX_INVITATION_TEAMS} teams` })
      .optional()
      .describe(
        "Every team the invitee joins, the primary team first. When `team_id` is sent too it must be the first of these.",
      ),
    role: z.enum(ROLES).default("member").describe("Only admins may invite an `admin`"),
  })
  .superRefine((body, context) => {
    if (!body.team_id && !body.team_ids) {
      context.addIssue({ code: "custom", path: ["team_ids"], message: "Send team_ids (or team_id) naming the teams" });
    }
    if (body.team_ids && new Set(body.team_ids).size !== body.team_ids.length) {
      context.addIssue({ code: "custom", path: ["team_ids"], message: "team_ids names a team more than once" });
    }
    if (body.team_id && body.team_ids && body.team_ids[0] !== body.team_id) {
      context.addIssue({
        code: "custom",
        path: ["team_id"],
        message: "team_id must be the first of team_ids (the primary team)",
      });
    }
  });

export const INVITATION_FILTERS = [...INVITATION_STATUSES, "all"] as const;

export const listInvitationsQuery = z.object({
  status: z
    .enum(INVITATION_FILTERS)
    .default("pending")
    .describe("Which invitations to list: one status, or `all`; pending ones when omitted"),
});

export const invitationResponse = z.object({
  id: z.string(),
  email: z.string(),
  team_id: z.string().describe("The primary team"),
  team_ids: z.array(z.string()).describe("Every team the invitee joins, the primary team first"),
  role: z.enum(ROLES),
  token: z
    .string()
    .nullable()
    .describe("The invitation token: returned once, at creation or regeneration; null in lists"),
  link: z
    .string()
    .nullable()
    .describe("The page that accepts the invitation (`PUBLIC_URL` or this request's address); null in lists"),
  invited_by_id: z.string().nullable(),
  accepted_at: nullableTimestamp,
  revoked_at: nullableTimestamp,
  expires_at: timestamp,
  created_at: timestamp,
  status: z
    .enum(INVITATION_STATUSES)
    .describe("accepted, else revoked, else expired (past `expires_at`), else pending: only pending links work"),
});

export const pendingInvitationConflict = errorResponse.extend({
  invitation_id: z
    .string()
    .optional()
    .describe("With `invitation_pending`: the pending invitation, whose link can be regenerated"),
});

export const invitationIdParams = uuidParam("invitation_id");

export const tokenParam = z.object({ token: z.string().min(1).max(512) });

export const invitationPreviewResponse = z.object({
  email: z.string(),
  team_id: z.string().describe("The primary team"),
  team_name: z.string().describe("The primary team's name"),
  teams: z
    .array(z.object({ id: z.string(), name: z.string() }))
    .describe("Every team the invitee joins, the primary team first"),
  role: z.enum(ROLES),
  expires_at: timestamp,
});

export const acceptInvitationBody = z.object({
  username: usernameField,
  password: passwordField,
  display_name: displayNameField.nullish(),
});
