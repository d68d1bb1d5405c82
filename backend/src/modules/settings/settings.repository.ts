import { eq, sql } from "drizzle-orm";
import type { Db } from "../../db/client.js";
import { orgSettings } from "../../db/schema.js";

export type OrgSettingsRow = typeof orgSettings.$inferSelect;
export type OrgSettingsChanges = Partial<
  Pick<
    OrgSettingsRow,
    | "protectedLabels"
    | "governanceReview"
    | "governanceReviewTeamIds"
    | "auditRetentionDays"
    | "usageSampling"
    | "usageRetentionDays"
    | "workflowRunRetentionDays"
    | "mcpAnonymousAccess"
    | "webhooksAllowPrivate"
  >
>;

const SETTINGS_ID = 1;

/** The one settings row; the migration creates it, and this recreates it if someone removed it. */
export async function findOrgSettings(db: Db, options: { lock?: boolean } = {}): Promise<OrgSettingsRow> {
  const query = db.select().from(orgSettings).where(eq(orgSettings.id, SETTINGS_ID));
  const [row] = options.lock ? await query.for("update") : await query;
  if (row) return row;
  await db.insert(orgSettings).values({ id: SETTINGS_ID }).onConflictDoNothing();
  return findOrgSettings(db, options);
}

export async function updateOrgSettings(db: Db, changes: OrgSettingsChanges, updatedById: string): Promise<void> {
  await db
    .update(orgSettings)
    .set({ ...changes, updatedById, updatedAt: sql`clock_timestamp()` })
    .where(eq(orgSettings.id, SETTINGS_ID));
}
