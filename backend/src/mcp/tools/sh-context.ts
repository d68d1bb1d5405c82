import { z } from "zod";
import { unauthorized } from "../../http/errors.js";
import { readOwnGovernance } from "../../modules/governance/governance.service.js";
import type { EffectiveGovernance } from "../../modules/governance/governance.types.js";
import { truncate } from "../text-format.js";
import { defineTool, READ_ONLY } from "./tool.js";

function layers<T>(inherited: T[], local: T[], line: (item: T) => string): string[] {
  const lines: string[] = [];
  if (inherited.length > 0) lines.push("Inherited (immutable):", ...inherited.map(line));
  if (local.length > 0) lines.push("Local (mutable):", ...local.map(line));
  return lines.length > 0 ? lines : ["  (none)"];
}

export function formatEffectiveGovernance(governance: EffectiveGovernance): string {
  const { policies, objectives } = governance;
  return [
    "=== Effective Policies ===",
    ...layers(
      policies.inherited,
      policies.local,
      (policy) => `  - [${policy.enforcementType}] ${policy.name}: ${truncate(policy.content, 80)}`,
    ),
    "\n=== Effective Objectives ===",
    ...layers(objectives.inherited, objectives.local, (objective) => `  - ${objective.title}`),
  ].join("\n");
}

export const shContext = defineTool({
  name: "sh-context",
  title: "Show my policies and objectives",
  description:
    "Show the policies and objectives that apply to you, and to a project when project_id is given. " +
    "sh-run applies the same ones.",
  args: z.object({
    project_id: z
      .uuid({ error: "must be a project id (UUID)" })
      .nullish()
      .describe("Project whose policies and objectives to include"),
  }),
  scope: "read",
  annotations: READ_ONLY,
  async run(ctx, { project_id: projectId }) {
    if (!ctx.principal) {
      throw unauthorized(
        "could not resolve a user: no credentials were sent. Set the header 'Authorization: Bearer <API key>'.",
      );
    }
    return formatEffectiveGovernance(await readOwnGovernance(ctx.db, ctx.principal, projectId));
  },
});
