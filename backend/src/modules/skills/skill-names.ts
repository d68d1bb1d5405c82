import { createHash } from "node:crypto";

/** The Agent Skills format: lowercase letters, digits and single hyphens, at most 64 characters. */
export const SKILL_NAME = /^[a-z0-9]+(-[a-z0-9]+)*$/;
export const MAX_SKILL_NAME = 64;

/** The closest skill name to a prompt name: lowercased, anything else turned into hyphens, cut to 64. */
function closestSkillName(promptName: string): string {
  const mapped = promptName
    .toLowerCase()
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, MAX_SKILL_NAME)
    .replace(/-+$/, "");
  return mapped || "prompt";
}

const withSuffix = (base: string, promptName: string) => {
  const suffix = createHash("sha256").update(promptName).digest("hex").slice(0, 8);
  return `${base.slice(0, MAX_SKILL_NAME - suffix.length - 1).replace(/-+$/, "")}-${suffix}`;
};

/**
 * A skill name for every prompt, distinct from each other. A name that fits is kept; one that
 * does not is mapped; two prompts that map to the same name (`Code_Review`, `code-review`) are
 * told apart by a short hash of the prompt name on every one but the prompt already named so,
 * so each keeps its skill name whatever else is added later.
 */
export function skillNamesOf(promptNames: readonly string[]): Map<string, string> {
  const names = new Map<string, string>();
  const taken = new Set<string>();
  // Names that fit as they are first, so they never change because of another prompt.
  const ordered = [...promptNames].sort(
    (a, b) => Number(!SKILL_NAME.test(a)) - Number(!SKILL_NAME.test(b)) || a.localeCompare(b),
  );
  for (const promptName of ordered) {
    let skillName = closestSkillName(promptName);
    if (taken.has(skillName)) skillName = withSuffix(skillName, promptName);
    taken.add(skillName);
    names.set(promptName, skillName);
  }
  return names;
}
