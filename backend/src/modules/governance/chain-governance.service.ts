import type { Db } from "../../db/client.js";
import { findEffectiveGovernance } from "./governance.repository.js";
import type { ObjectiveRow, PolicyRow } from "./governance.types.js";

export type ChainGovernance = { policies: PolicyRow[]; objectives: ObjectiveRow[] };

/**
 * The active policies and objectives set on `teamId` and every team above it: what a team or a
 * user placed directly under `teamId` inherits from the tree. `null` (the top level) holds none.
 * Resolved by the same query as expansion, so a preview of a move agrees with what expansion
 * will apply after it.
 */
export async function findChainGovernance(db: Db, teamId: string | null): Promise<ChainGovernance> {
  if (teamId === null) return { policies: [], objectives: [] };
  const resolved = await findEffectiveGovernance(db, { teamId });
  return {
    policies: [...resolved.policies.local, ...resolved.policies.inherited],
    objectives: [...resolved.objectives.local, ...resolved.objectives.inherited],
  };
}
