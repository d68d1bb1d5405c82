import { z } from "zod";

const id = (name: string) => z.uuid({ error: `${name} must be a UUID` });

/**
 * Every policy and objective belongs to exactly one team, project or user: one owner means one
 * clear answer to "who may change this" and one place where it applies.
 */
export const ownerFields = {
  team_id: id("team_id").nullish().describe("The team it applies to, and every team below it"),
  project_id: id("project_id").nullish().describe("The project it applies to, when a request names that project"),
  user_id: id("user_id").nullish().describe("The one user it applies to"),
};

type OwnerInput = { team_id?: string | null; project_id?: string | null; user_id?: string | null };

const ownerCount = (input: OwnerInput) => [input.team_id, input.project_id, input.user_id].filter(Boolean).length;

export const hasOneOwner = (input: OwnerInput) => ownerCount(input) === 1;
export const ONE_OWNER_ERROR = "Give exactly one of team_id, project_id or user_id";

/** Plain lists name the one scope to list. */
export const ownerListQuery = z
  .object({
    team_id: id("team_id").optional(),
    project_id: id("project_id").optional(),
    user_id: id("user_id").optional(),
  })
  .refine((query) => ownerCount(query) === 1, { error: "Filter by exactly one of team_id, project_id or user_id" });

export const effectiveQuery = z.object({
  user_id: id("user_id").optional().describe("Resolve for this user: their team's chain, their own, and the project's"),
  team_id: id("team_id").optional().describe("Resolve for this team and its ancestors; wins over user_id"),
  project_id: id("project_id").optional().describe("With user_id: also the project's own"),
});

export const toOwner = (input: OwnerInput) => ({
  teamId: input.team_id ?? null,
  projectId: input.project_id ?? null,
  userId: input.user_id ?? null,
});

const teamRef = z.object({ id: z.string(), name: z.string() });

export const governanceSource = z
  .object({
    kind: z
      .enum(["team", "inherited", "user", "project"])
      .describe("team: set on one of the resolved teams; inherited: on a team above one; user: personal; project"),
    team_id: z.string().nullable().describe("For team and inherited: the team it is set on"),
    team_name: z.string().nullable(),
    via_teams: z
      .array(teamRef)
      .describe(
        "For team and inherited: the resolved teams whose chain reaches it (for a user, those of their teams, primary first). " +
          "Reached through several, it is still listed once",
      ),
  })
  .describe("Where it comes from");

type SourcedRow = {
  isInherited: boolean;
  teamId: string | null;
  userId: string | null;
  projectId: string | null;
  teamName: string | null;
  viaTeams: { id: string; name: string }[];
};

export function toGovernanceSource(row: SourcedRow): z.infer<typeof governanceSource> {
  const kind = row.isInherited ? "inherited" : row.projectId ? "project" : row.userId ? "user" : "team";
  return { kind, team_id: row.teamId, team_name: row.teamName, via_teams: row.viaTeams };
}
