import type { EffectiveGovernance, EffectivePolicy } from "../governance/governance.types.js";
import type { RenderedPrompt } from "./template-engine.js";

/** Where a policy or objective comes from: an ancestor team, the caller's team, the caller, or the project. */
export type GovernanceSource = "inherited" | "team" | "user" | "project";

/**
 * The `governance` template variable: the same policies and objectives as the `policies` and
 * `objectives` strings, as lists that are lists for every caller, empty or not.
 */
export type GovernanceVariable = {
  /** The `inject` policies, in the order of `policies`. */
  policies: { name: string; content: string; source: GovernanceSource }[];
  /** Every objective, in the order of `objectives`. */
  objectives: { title: string; description: string; source: GovernanceSource }[];
};

/** What the caller's governance does to one expansion. Policy content is literal text throughout. */
export type GovernancePlan = {
  /** `prepend` contents, highest priority first: they open the system message in this order. */
  prepends: string[];
  /** `append` contents, highest priority first: they follow the user message in this order. */
  appends: string[];
  /** Template variables that are always defined, empty when nothing applies. */
  variables: { policies: string; objectives: string; governance: GovernanceVariable };
  appliedPolicies: string[];
  objectives: string[];
  validations: { name: string; content: string }[];
};

export const NO_GOVERNANCE: GovernancePlan = {
  prepends: [],
  appends: [],
  variables: { policies: "", objectives: "", governance: { policies: [], objectives: [] } },
  appliedPolicies: [],
  objectives: [],
  validations: [],
};

function sourceOf(item: { isInherited: boolean; userId: string | null; projectId: string | null }): GovernanceSource {
  if (item.isInherited) return "inherited";
  if (item.projectId !== null) return "project";
  return item.userId !== null ? "user" : "team";
}

/** Highest priority first; on equal priority inherited policies come before local ones, each layer keeping its order. */
export function orderPolicies(policies: EffectiveGovernance["policies"]): EffectivePolicy[] {
  // Array.prototype.sort is stable, so listing inherited first settles ties.
  return [...policies.inherited, ...policies.local]
    .filter((policy) => policy.isActive)
    .sort((a, b) => b.priority - a.priority);
}

export function planGovernance(governance: EffectiveGovernance | null): GovernancePlan {
  if (!governance) return NO_GOVERNANCE;
  const objectives = [...governance.objectives.inherited, ...governance.objectives.local];
  const plan: GovernancePlan = {
    prepends: [],
    appends: [],
    variables: { policies: "", objectives: "", governance: { policies: [], objectives: [] } },
    appliedPolicies: [],
    objectives: objectives.map((objective) => objective.title),
    validations: [],
  };
  const injected: EffectivePolicy[] = [];
  for (const policy of orderPolicies(governance.policies)) {
    plan.appliedPolicies.push(policy.name);
    switch (policy.enforcementType) {
      case "prepend":
        plan.prepends.push(policy.content);
        break;
      case "append":
        plan.appends.push(policy.content);
        break;
      case "inject":
        injected.push(policy);
        break;
      case "validate":
        plan.validations.push({ name: policy.name, content: policy.content });
        break;
    }
  }
  plan.variables = {
    policies: injected.map((policy) => policy.content).join("\n"),
    objectives: plan.objectives.join("\n"),
    governance: {
      policies: injected.map((policy) => ({ name: policy.name, content: policy.content, source: sourceOf(policy) })),
      objectives: objectives.map((objective) => ({
        title: objective.title,
        description: objective.description ?? "",
        source: sourceOf(objective),
      })),
    },
  };
  return plan;
}

/**
 * Places prepend and append policies around the rendered messages, so their text is never
 * interpreted as a template. A prompt without a system template gains a system message when a
 * prepend policy applies.
 */
export function wrapMessages(rendered: RenderedPrompt, plan: GovernancePlan): { system: string | null; user: string } {
  const systemParts = rendered.system === null ? plan.prepends : [...plan.prepends, rendered.system];
  return {
    system: systemParts.length > 0 ? systemParts.join("\n\n") : null,
    user: [rendered.user, ...plan.appends].join("\n\n"),
  };
}
