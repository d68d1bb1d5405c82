import { z } from "zod";
import { descriptionField, listOf, nameField, slugField, timestamp, toIso } from "../../http/schemas.js";
import type { TeamRow } from "./teams.repository.js";

const uuidField = (name: string) => z.uuid({ error: `${name} must be a UUID` });

export const teamResponse = z.object({
  id: z.string(),
  name: z.string(),
  slug: z.string(),
  description: z.string().nullable(),
  owner_id: z.string().nullable(),
  parent_team_id: z.string().nullable(),
  created_at: timestamp,
  updated_at: timestamp,
});

export const teamListResponse = listOf(teamResponse);

export const teamCreateBody = z.object({
  name: nameField,
  slug: slugField,
  description: descriptionField,
  parent_team_id: uuidField("parent_team_id").nullish().describe("Omit or null for a top-level team (admins only)"),
  owner_id: uuidField("owner_id")
    .nullish()
    .describe("An active user who will manage this team and everything below it"),
});

export const insertBetweenBody = teamCreateBody.extend({
  parent_team_id: uuidField("parent_team_id").nullish().describe("Ignored: the new team takes the child's place"),
});

export const teamUpdateBody = z.object({
  name: nameField.optional(),
  description: descriptionField.describe("Omit to keep; null clears it"),
  owner_id: uuidField("owner_id").nullable().optional().describe("Omit to keep; null leaves the team without an owner"),
  parent_team_id: uuidField("parent_team_id")
    .nullable()
    .optional()
    .describe("Omit to keep; another team's id moves this team under it; null makes it a top-level team"),
});

export const teamListQuery = z.object({
  parent_team_id: uuidField("parent_team_id").optional().describe("List this team's direct sub-teams"),
  flat: z.stringbool().default(false).describe("true: every team, whatever its place in the tree"),
});

export function toTeamResponse(row: TeamRow): z.infer<typeof teamResponse> {
  return {
    id: row.id,
    name: row.name,
    slug: row.slug,
    description: row.description,
    owner_id: row.ownerId,
    parent_team_id: row.parentTeamId,
    created_at: toIso(row.createdAt),
    updated_at: toIso(row.updatedAt),
  };
}
