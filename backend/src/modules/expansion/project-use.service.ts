import type { Db } from "../../db/client.js";
import { findProjectUse } from "./expansion.repository.js";

// Who may expand under a project, as the access rules ask it. Kept apart from expansion.service,
// which asks access.service first, so that access.service can ask this without an import cycle.

/**
 * Whether the user may expand prompts under the project's governance (its lead, its members,
 * people in its team or below, managers of its team); null when there is no such project.
 */
export async function lookupProjectUse(db: Db, projectId: string, userId: string): Promise<{ usable: boolean } | null> {
  return findProjectUse(db, projectId, userId);
}
