import { z } from "zod";
import { descriptionField, listOf, named, timestamp, toIso, uuidParam } from "../../http/schemas.js";
import {
  governanceSource,
  hasOneOwner,
  ONE_OWNER_ERROR,
  ownerFields,
  toGovernanceSource,
} from "../governance/governance.schemas.js";
import type { EffectiveObjective, ObjectiveRow } from "../governance/governance.types.js";

export const objectiveIdParam = uuidParam("objective_id");

const title = named("ObjectiveTitle", z.string().trim().min(1, { error: "must not be empty" }).max(500));
/**
 * The statuses an objective may be given. Only `active` applies to expansion; the others keep
 * it on record. Values stored before this list existed are still returned as they are.
 */
export const OBJECTIVE_STATUSES = ["active", "paused", "done", "archived"] as const;

const status = z
  .enum(OBJECTIVE_STATUSES, { error: `must be one of: ${OBJECTIVE_STATUSES.join(", ")}` })
  .describe("`active` (applies to expansion), `paused`, `done` or `archived` (kept on record, not applied)");

export const objectiveResponse = z.object({
  id: z.string(),
  team_id: z.string().nullable(),
  project_id: z.string().nullable(),
  user_id: z.string().nullable(),
  title: z.string(),
  description: z.string().nullable(),
  parent_objective_id: z.string().nullable(),
  is_inherited: z.boolean().describe("In effective lists: true when it comes from a team above the one resolved"),
  status: z.string().describe("One of the writable statuses, or a value stored before they were fixed"),
  created_at: timestamp,
  updated_at: timestamp,
});

export const objectiveListResponse = listOf(objectiveResponse);

export const effectiveObjectiveResponse = objectiveResponse.extend({ source: governanceSource });

export const effectiveObjectivesResponse = z.object({
  inherited: z
    .array(effectiveObjectiveResponse)
    .describe("Ancestor teams' objectives, nearest team first, oldest first within a team"),
  local: z
    .array(effectiveObjectiveResponse)
    .describe("The team's own, then the user's personal ones, then the project's"),
});

/** What an objective says, whoever owns it; a project's objectives take their owner from the path. */
export const objectiveContentBody = z.object({
  title,
  description: descriptionField,
  parent_objective_id: z.uuid({ error: "parent_objective_id must be a UUID" }).nullish(),
  status: status.default("active"),
});

export const objectiveCreateBody = objectiveContentBody
  .extend(ownerFields)
  .refine(hasOneOwner, { error: ONE_OWNER_ERROR });

export const objectiveUpdateBody = z.object({
  title: title.nullish(),
  description: descriptionField,
  status: status.nullish(),
});

export function toObjectiveResponse(
  row: ObjectiveRow,
  isInherited: boolean = row.isInherited,
): z.infer<typeof objectiveResponse> {
  return {
    id: row.id,
    team_id: row.teamId,
    project_id: row.projectId,
    user_id: row.userId,
    title: row.title,
    description: row.description,
    parent_objective_id: row.parentObjectiveId,
    is_inherited: isInherited,
    status: row.status,
    created_at: toIso(row.createdAt),
    updated_at: toIso(row.updatedAt),
  };
}

export function toEffectiveObjectiveResponse(row: EffectiveObjective): z.infer<typeof effectiveObjectiveResponse> {
  return { ...toObjectiveResponse(row, row.isInherited), source: toGovernanceSource(row) };
}
