import { slugRule } from "@/lib/api/rules";
import type { CreatePromptBody, Prompt, PromptVersion } from "./api";
import type { DuplicatePromptValues } from "./schemas";

const SUFFIX = "-copy";

/** `code-review` → `code-review-copy`, cut so the result stays within the length a name may have. */
export function duplicateName(name: string): string {
  return `${name.slice(0, slugRule.maxLength - SUFFIX.length).replace(/-+$/, "")}${SUFFIX}`;
}

/** The version a copy starts from by default: the one served (production), else the newest. */
export function defaultSourceVersion(
  prompt: Pick<Prompt, "active_version" | "latest_version">,
  versions: readonly PromptVersion[],
): PromptVersion | undefined {
  const preferred = [prompt.active_version?.id, prompt.latest_version?.id];
  for (const id of preferred) {
    const found = id ? versions.find((version) => version.id === id) : undefined;
    if (found) return found;
  }
  return versions[0];
}

/**
 * The create request for the copy: the original's description and the chosen version's templates,
 * input schema and tags, under the new name. The version keeps its label, and its change note says
 * where it came from. Labels, shares and history stay with the original; the caller owns the copy.
 */
export function toDuplicateBody(
  prompt: Pick<Prompt, "name" | "description">,
  source: PromptVersion,
  values: Pick<DuplicatePromptValues, "name" | "visibility">,
): CreatePromptBody {
  return {
    name: values.name.trim(),
    description: prompt.description ?? null,
    visibility: values.visibility,
    version: {
      version: source.version,
      system_template: source.system_template,
      user_template: source.user_template,
      input_schema: source.input_schema,
      tags: source.tags,
      change_note: `Copied from ${prompt.name} version ${source.version}`,
    },
  };
}
