import { z } from "zod";
import { descriptionField, listOf, nameField, slugField, timestamp, toIso } from "../../http/schemas.js";
import { MAX_TEAM_DEPTH } from "./team-depth.js";
import type { CountedTeamRow, TeamRow } from "./teams.repository.js";

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
  child_count: z
    .number()
    .int()
    .describe("How many direct sub-teams it has (loaded or not): a tree shows an expander when more than zero"),
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

/** Teams per page: a bounded answer even for organisations of thousands of teams. */
export const MAX_TEAM_PAGE = 500;

export const teamListQuery = z
  .object({
    parent_team_id: uuidField("parent_team_id")
      .optional()
      .describe("List this team's direct sub-teams; with `flat=true` and `depth`, the team the levels start below"),
    flat: z.stringbool().default(false).describe("true: every team, whatever its place in the tree"),
    depth: z.coerce
      .number()
      .int()
      .min(1)
      .max(MAX_TEAM_DEPTH)
      .optional()
      .describe(
        "With `flat=true`: only teams at most this many levels below the top-level teams' level (1: the top-level " +
          "teams), or below `parent_team_id` when given (1: its sub-teams), i.e. a subtree",
      ),
    q: z.string().trim().max(200).optional().describe("Only teams whose name or slug contains this (case-insensitive)"),
    ids: z
      .string()
      .transform((text) => text.split(",").map((id) => id.trim()))
      .pipe(
        z
          .array(uuidField("ids"))
          .min(1)
          .max(MAX_TEAM_PAGE, { error: `ids names at most ${MAX_TEAM_PAGE} teams` }),
      )
      .optional()
      .describe(
        "Only these teams, whatever their level (`flat`, `parent_team_id` and `depth` are ignored): comma-separated " +
          `ids, at most ${MAX_TEAM_PAGE}; for naming teams whose ids another answer gave`,
      ),
    managed: z
      .stringbool()
      .default(false)
      .describe(
        "true: only teams the caller manages, i.e. owns or sits below a team they own (admins manage every team)",
      ),
    page: z.coerce.number().int().min(1).default(1),
    page_size: z.coerce.number().int().min(1).max(MAX_TEAM_PAGE).default(MAX_TEAM_PAGE),
  })
  .refine((query) => query.depth === undefined || query.flat, {
    path: ["depth"],
    message: "depth needs flat=true",
  });

export function toTeamResponse(row: CountedTeamRow): z.infer<typeof teamResponse> {
  return { ...teamFieldsOf(row), child_count: row.childCount };
}

/** The team's own fields, as its audit events record them (what is below it is not the team's). */
export function teamFieldsOf(row: TeamRow): Omit<z.infer<typeof teamResponse>, "child_count"> {
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
