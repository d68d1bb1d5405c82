import type { Db } from "../../db/client.js";
import { cachedRead, cacheKey, markChanged } from "../../db/read-cache.js";
import { unprocessable } from "../../http/errors.js";
import type { Principal } from "../../http/types.js";
import { requireAdmin } from "../access/access.service.js";
import { recordAudit } from "../audit/audit.recorder.js";
import { getTeam } from "../teams/teams.service.js";
import {
  findOrgSettings,
  type OrgSettingsChanges,
  type OrgSettingsRow,
  updateOrgSettings,
} from "./settings.repository.js";

export type OrgSettings = OrgSettingsRow;

/**
 * The organization's settings. Read on every label move and governance change, so cached; every
 * replica drops the cached copy when the row changes (the change feed).
 */
export function getOrgSettings(db: Db): Promise<OrgSettings> {
  return cachedRead(db, cacheKey("org-settings"), () => findOrgSettings(db));
}

/** Settings as an admin reads them. */
export async function readOrgSettings(db: Db, principal: Principal | null): Promise<OrgSettings> {
  requireAdmin(principal);
  return findOrgSettings(db);
}

/** Whether moving this label needs an approved change request. */
export async function isProtectedLabel(db: Db, label: string): Promise<boolean> {
  return (await getOrgSettings(db)).protectedLabels.includes(label);
}

/** Whether a policy or objective change on this team (null: organization-wide) needs review. */
export async function needsGovernanceReview(db: Db, teamId: string | null): Promise<boolean> {
  const settings = await getOrgSettings(db);
  if (settings.governanceReview === "all") return true;
  if (settings.governanceReview === "off" || teamId === null) return false;
  return settings.governanceReviewTeamIds.includes(teamId);
}

/** Whether `/mcp` serves callers that send no credentials. */
export async function allowsAnonymousMcp(db: Db): Promise<boolean> {
  return (await getOrgSettings(db)).mcpAnonymousAccess;
}

/** Whether webhooks may reach private and loopback addresses, and plain http. */
export async function allowsPrivateWebhooks(db: Db): Promise<boolean> {
  return (await getOrgSettings(db)).webhooksAllowPrivate;
}

/** Hooks other features register to act in the same transaction when settings change. */
type SettingsChangeHook = (tx: Db, principal: Principal, before: OrgSettings, after: OrgSettings) => Promise<void>;
const changeHooks: SettingsChangeHook[] = [];

/** Lets a feature keep its data consistent with a settings change, inside the same transaction. */
export function onSettingsChange(hook: SettingsChangeHook): void {
  changeHooks.push(hook);
}

const auditedFields = (row: OrgSettings) => ({
  protected_labels: row.protectedLabels,
  governance_review: row.governanceReview,
  governance_review_team_ids: row.governanceReviewTeamIds,
  audit_retention_days: row.auditRetentionDays,
  usage_sampling: row.usageSampling,
  usage_retention_days: row.usageRetentionDays,
  workflow_run_retention_days: row.workflowRunRetentionDays,
  mcp_anonymous_access: row.mcpAnonymousAccess,
  webhooks_allow_private: row.webhooksAllowPrivate,
});

/** Changes settings (admins only); absent fields stay as they are. */
export async function changeOrgSettings(
  db: Db,
  principal: Principal | null,
  changes: OrgSettingsChanges,
): Promise<OrgSettings> {
  const admin = requireAdmin(principal);
  if (changes.protectedLabels) changes.protectedLabels = [...new Set(changes.protectedLabels)].sort();
  if (changes.governanceReviewTeamIds) {
    const ids = [...new Set(changes.governanceReviewTeamIds)];
    for (const id of ids) {
      await getTeam(db, id).catch(() => {
        throw unprocessable(`governance_review_team_ids: no team has id '${id}'`, "team_not_found");
      });
    }
    changes.governanceReviewTeamIds = ids;
  }
  const after = await db.transaction(async (tx) => {
    const before = await findOrgSettings(tx, { lock: true });
    await updateOrgSettings(tx, changes, admin.user.id);
    const updated = await findOrgSettings(tx);
    for (const hook of changeHooks) await hook(tx, admin, before, updated);
    await recordAudit(tx, admin, {
      action: "settings.changed",
      target: { type: "settings", id: "org", name: "Organization settings" },
      before: auditedFields(before),
      after: auditedFields(updated),
    });
    return updated;
  });
  markChanged(db, "org_settings");
  return after;
}
