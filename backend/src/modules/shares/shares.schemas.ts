import { z } from "zod";
import { timestamp, toIso } from "../../http/schemas.js";
import type { Grantee, ShareRow } from "./shares.repository.js";

export const shareBody = z
  .object({
    user_id: z.uuid({ error: "user_id must be a UUID" }).optional().describe("Share with this user"),
    team_id: z
      .uuid({ error: "team_id must be a UUID" })
      .optional()
      .describe("Share with every member of this team (instead of `user_id`)"),
    include_subteams: z
      .boolean({ error: "include_subteams must be true or false" })
      .optional()
      .describe(
        "With `team_id`: members of every team below it get access too (default false). Sharing with the same team " +
          "again with another value changes it.",
      ),
  })
  .superRefine((body, context) => {
    if (body.user_id !== undefined && body.team_id !== undefined) {
      context.addIssue({ code: "custom", message: "Give either user_id or team_id, not both", path: ["team_id"] });
    } else if (body.user_id === undefined && body.team_id === undefined) {
      context.addIssue({
        code: "custom",
        message: "Give user_id (share with a person) or team_id (share with a team)",
        path: [],
      });
    } else if (body.user_id !== undefined && body.include_subteams !== undefined) {
      context.addIssue({
        code: "custom",
        message: "include_subteams applies to team shares only (with team_id)",
        path: ["include_subteams"],
      });
    }
  })
  .describe("Exactly one of `user_id` or `team_id`");

/** Who the validated body shares with. */
export function granteeOf(body: z.infer<typeof shareBody>): Grantee {
  if (body.team_id !== undefined) {
    return { kind: "team", teamId: body.team_id, includeSubteams: body.include_subteams ?? false };
  }
  return { kind: "user", userId: body.user_id as string };
}

export const teamShareIdParam = { team_id: z.uuid({ error: "team_id must be a UUID" }) };

export const shareResponse = z.object({
  id: z.string().describe("The share's own id"),
  kind: z.enum(["user", "team"]).describe("Whether the share is with one user or with a team"),
  user_id: z.string().nullable().describe("User shares: who it is shared with; null for team shares"),
  username: z.string().nullable().describe("User shares: their username; null for team shares"),
  display_name: z.string().nullable(),
  team_id: z.string().nullable().describe("Team shares: the team whose members it reaches; null for user shares"),
  team_name: z.string().nullable().describe("Team shares: the team's name"),
  team_slug: z.string().nullable().describe("Team shares: the team's slug"),
  include_subteams: z
    .boolean()
    .describe("Team shares: whether members of the teams below it are reached too (always false for user shares)"),
  created_at: timestamp.describe("When it was shared"),
});

export function toShareResponse(row: ShareRow): z.infer<typeof shareResponse> {
  return {
    id: row.id,
    kind: row.teamId !== null ? "team" : "user",
    user_id: row.userId,
    username: row.username,
    display_name: row.displayName,
    team_id: row.teamId,
    team_name: row.teamName,
    team_slug: row.teamSlug,
    include_subteams: row.includeSubteams,
    created_at: toIso(row.createdAt),
  };
}
