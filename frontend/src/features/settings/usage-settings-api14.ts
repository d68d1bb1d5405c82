// TEMPORARY: the two usage settings as written in the expansion log's specification, until the
// backend's OpenAPI document has them. Replace with the generated types.
import type { OrgSettings, OrgSettingsBody } from "./api";

export type UsageSettings = { usage_sampling: boolean; usage_retention_days: number };
export type OrgSettingsWithUsage = OrgSettings & UsageSettings;

export function withUsage(settings: OrgSettings): OrgSettingsWithUsage {
  return settings as OrgSettingsWithUsage;
}

export function usageBody(body: Partial<UsageSettings>): OrgSettingsBody {
  return body as OrgSettingsBody;
}
