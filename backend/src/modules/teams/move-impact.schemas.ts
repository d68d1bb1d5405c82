import { z } from "zod";
import type { MoveImpact } from "./move-impact.service.js";

const uuidField = (name: string) => z.uuid({ error: `${name} must be a UUID` });

export const moveImpactQuery = z.object({
  parent_team_id: uuidField("parent_team_id")
    .optional()
    .describe("The team it would move under; omit to ask about making it a top-level team"),
});

export const teamImpactQuery = z.object({
  team_id: uuidField("team_id").describe("The team the user would move to"),
});

const impactPolicy = z.object({
  id: z.string(),
  name: z.string(),
  team_name: z.string().describe("The team above that sets it"),
});

const impactObjective = z.object({
  id: z.string(),
  title: z.string(),
  team_name: z.string().describe("The team above that sets it"),
});

export const moveImpactResponse = z
  .object({
    members: z.number().int().describe("Active users whose governance changes"),
    teams: z.number().int().describe("Teams that move: the team and every team below it (0 for a user)"),
    policies_gained: z.array(impactPolicy).describe("Active policies of the new teams above that start to apply"),
    policies_lost: z.array(impactPolicy).describe("Active policies of the old teams above that stop applying"),
    objectives_gained: z.array(impactObjective),
    objectives_lost: z.array(impactObjective),
  })
  .describe("What a move would change, before it is made: nothing is changed by asking");

export function toMoveImpactResponse(impact: MoveImpact): z.infer<typeof moveImpactResponse> {
  const policy = (item: MoveImpact["policiesGained"][number]) => ({
    id: item.id,
    name: item.name,
    team_name: item.teamName,
  });
  const objective = (item: MoveImpact["objectivesGained"][number]) => ({
    id: item.id,
    title: item.title,
    team_name: item.teamName,
  });
  return {
    members: impact.members,
    teams: impact.teams,
    policies_gained: impact.policiesGained.map(policy),
    policies_lost: impact.policiesLost.map(policy),
    objectives_gained: impact.objectivesGained.map(objective),
    objectives_lost: impact.objectivesLost.map(objective),
  };
}
