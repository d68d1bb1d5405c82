import { z } from "zod";
import { descriptionField, listOf, nameField, slugField, timestamp, toIso } from "../../http/schemas.js";
import type { ProjectMemberRow, ProjectRow } from "./projects.types.js";

const id = (name: string) => z.uuid({ error: `${name} must be a UUID` });

/** Declared here rather than with the shared `uuidParam` so handlers see the params' names in their type. */
export const projectIdParam = z.object({ project_id: id("project_id") });
export const projectMemberParams = z.object({ project_id: id("project_id"), user_id: id("user_id") });

export const projectResponse = z.object({
  id: z.string(),
  team_id: z.string(),
  lead_user_id: z.string().nullable(),
  name: z.string(),
  slug: z.string(),
  description: z.string().nullable(),
  created_at: timestamp,
  updated_at: timestamp,
});

export const projectListResponse = listOf(projectResponse);

export const projectMemberResponse = z.object({
  id: z.string(),
  project_id: z.string(),
  user_id: z.string(),
  role: z.string(),
  created_at: timestamp,
});

export const projectCreateBody = z.object({
  team_id: id("team_id").describe("The team the project belongs to; its managers manage the project"),
  lead_user_id: id("lead_user_id").nullish().describe("An active user who will manage this project"),
  name: nameField,
  slug: slugField,
  description: descriptionField,
});

export const projectUpdateBody = z.object({
  name: nameField.optional(),
  description: descriptionField.describe("Omit to keep; null clears it"),
  lead_user_id: id("lead_user_id")
    .nullable()
    .optional()
    .describe("Omit to keep; null leaves the project without a lead"),
});

export const projectListQuery = z.object({
  team_id: id("team_id").optional().describe("Only this team's projects"),
});

export const projectMemberBody = z.object({
  user_id: id("user_id").describe("Any active user, from any team"),
  role: z.string().trim().min(1, { error: "must not be empty" }).max(50).default("member").describe("Free text"),
});

export function toProjectResponse(row: ProjectRow): z.infer<typeof projectResponse> {
  return {
    id: row.id,
    team_id: row.teamId,
    lead_user_id: row.leadUserId,
    name: row.name,
    slug: row.slug,
    description: row.description,
    created_at: toIso(row.createdAt),
    updated_at: toIso(row.updatedAt),
  };
}

export function toProjectMemberResponse(row: ProjectMemberRow): z.infer<typeof projectMemberResponse> {
  return {
    id: row.id,
    project_id: row.projectId,
    user_id: row.userId,
    role: row.role,
    created_at: toIso(row.createdAt),
  };
}
