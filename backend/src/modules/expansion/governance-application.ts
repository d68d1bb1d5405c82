import type { EffectiveGovernance, EffectivePolicy } from "../governance/governance.repository.js";
import type { RenderedPrompt } from "./template-engine.js";

/** What the caller's governance does to one expansion. Policy content is literal text throughout. */
export type GovernancePlan = {
  /** `prepend` contents, highest priority first: they open the system message in this order. */
  prepends: string[];
  /** `append` contents, highest priority first: they follow the user message in this order. */
  appends: string[];
  /** Template variables that are always defined, empty when nothing applies. */
  variables: { policies: string; objectives: string };
  appliedPolicies: string[];
  objectives: string[];
  validations: { name: string; content: string }[];
};

export const NO_GOVERNANCE: GovernancePlan = {
  prepends: [],
  appends: [],
  variables: { policies: "", objectives: "" },
  appliedPolicies: [],
  objectives: [],
  validations: [],
};

/** Highest priority first; on equal priority inherited policies come before local ones, each layer keeping its order. */
export function orderPolicies(policies: EffectiveGovernance["policies"]): EffectivePolicy[] {
  // Array.prototype.sort is stable, so listing inherited first settles ties.
  return [...policies.inherited, ...policies.local]
    .filter((policy) => policy.isActive)
    .sort((a, b) => b.priority - a.priority);
}

export function planGovernance(governance: EffectiveGovernance | null): GovernancePlan {
  if (!governance) return NO_GOVERNANCE;
  const plan: GovernancePlan = {
    prepends: [],
    appends: [],
    variables: { policies: "", objectives: "" },
    appliedPolicies: [],
    objectives: [...governance.objectives.inherited, ...governance.objectives.local].map(
      (objective) => objective.title,
    ),
    validations: [],
  };
  const injected: string[] = [];
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
        injected.push(policy.content);
        break;
      case "validate":
        plan.validations.push({ name: policy.name, content: policy.content });
        break;
    }
  }
  plan.variables = { policies: injected.join("\n"), objectives: plan.objectives.join("\n") };
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
