import type { Db } from "../db/client.js";
import type { Principal } from "../http/types.js";
import { readOwnGovernance } from "../modules/governance/governance.service.js";
import type { EffectiveGovernance } from "../modules/governance/governance.types.js";
import type { McpContext } from "./mcp-context.js";
import { claimSessionContext } from "./sessions.service.js";
import { truncate } from "./text-format.js";

const BLOCK_TITLE = "═══ SESSION CONTEXT (auto-injected) ═══";
const BLOCK_END = "═".repeat(39);

/** The caller's effective policies and objectives as the block that opens a session's first tool result. */
export function formatSessionContext(governance: EffectiveGovernance): string {
  const policies = [...governance.policies.inherited, ...governance.policies.local].map(
    (policy) =>
      `  - [${policy.enforcementType}] ${policy.name}: ${truncate(policy.content, 120)} (${policy.isInherited ? "inherited" : "local"})`,
  );
  const objectives = [...governance.objectives.inherited, ...governance.objectives.local].map(
    (objective) => `  - ${objective.title}${objective.description ? ` — ${truncate(objective.description, 80)}` : ""}`,
  );
  const none = ["  (none configured)"];
  return [
    BLOCK_TITLE,
    "",
    "Policies:",
    ...(policies.length > 0 ? policies : none),
    "",
    "Objectives:",
    ...(objectives.length > 0 ? objectives : none),
    "",
    BLOCK_END,
  ].join("\n");
}

/** The caller's session context block, or null for anonymous callers, who have no governance. */
export async function loadSessionContext(db: Db, principal: Principal | null): Promise<string | null> {
  if (!principal) return null;
  return formatSessionContext(await readOwnGovernance(db, principal));
}

/**
 * The session context block if this request is the first of its session to ask, else null.
 * The database decides who is first, so concurrent calls on any replica deliver it once.
 */
export async function takeSessionContext(ctx: McpContext): Promise<string | null> {
  if (!ctx.principal || !ctx.session || ctx.session.contextDelivered) return null;
  const [claimed, block] = await Promise.all([
    claimSessionContext(ctx.db, ctx.session),
    loadSessionContext(ctx.db, ctx.principal),
  ]);
  return claimed ? block : null;
}
