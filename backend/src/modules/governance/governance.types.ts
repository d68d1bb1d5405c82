import type { objectives, policies } from "../../db/schema.js";

// The shapes of resolved governance, shared with the features that apply or show it (policies,
// objectives, expansion, MCP), so that none of them reaches into the governance repository.

export type PolicyRow = typeof policies.$inferSelect;
export type ObjectiveRow = typeof objectives.$inferSelect;
/** A team named in a source: where a policy is set, or which of the user's teams it reaches them through. */
export type TeamRef = { id: string; name: string };

/**
 * Where a resolved item comes from. For a team's (set on `teamId`, named `teamName`): `viaTeams`
 * are the resolved teams whose chain reaches it (for a user, those of their teams, primary
 * first); empty for personal and project items.
 */
export type GovernanceOrigin = { teamName: string | null; viaTeams: TeamRef[] };

export type EffectivePolicy = PolicyRow & { isInherited: boolean } & GovernanceOrigin;
export type EffectiveObjective = ObjectiveRow & { isInherited: boolean } & GovernanceOrigin;
export type EffectiveGovernance = {
  policies: { inherited: EffectivePolicy[]; local: EffectivePolicy[] };
  objectives: { inherited: EffectiveObjective[]; local: EffectiveObjective[] };
};

/** A user or a bare team, either optionally within a project. */
export type GovernanceScope =
  | { userId: string; projectId?: string | null }
  | { teamId: string; projectId?: string | null };
