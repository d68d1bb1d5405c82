import type { OidcGroupRule } from "../../config.js";
import type { Role } from "../../db/schema.js";

/** What the rules give a member of `groups`: a team (by slug) when a rule names one, and a role. */
export type RuleOutcome = { teamSlug: string | undefined; role: Role };

/**
 * The first matching rule that names a team picks the team; any matching rule that says `admin`
 * makes the user an admin. Matching compares group names exactly, as the provider sends them.
 */
export function applyGroupRules(rules: OidcGroupRule[], groups: string[]): RuleOutcome {
  const member = new Set(groups);
  const matching = rules.filter((rule) => member.has(rule.group));
  return {
    teamSlug: matching.find((rule) => rule.team)?.team,
    role: matching.some((rule) => rule.role === "admin") ? "admin" : "member",
  };
}
