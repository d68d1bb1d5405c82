import type { changeRequests } from "../../db/schema.js";

export type ChangeRequestRow = typeof changeRequests.$inferSelect;
export type NewChangeRequest = Omit<typeof changeRequests.$inferInsert, "id" | "createdAt" | "updatedAt">;

/**
 * Whose eyes a listing is for: `all` for admins; otherwise the caller, the teams they manage
 * (whose requests they review) and the teams whose governance they read. The rules are
 * access.service's; this is their SQL form.
 */
export type ChangeRequestAudience =
  | { kind: "all" }
  | { kind: "user"; userId: string; managedTeamIds: string[]; governanceTeamIds: string[] };
