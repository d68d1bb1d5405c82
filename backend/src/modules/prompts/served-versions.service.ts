import type { Db } from "../../db/client.js";
import {
  type DefaultServedPrompt,
  findLabeledVersion,
  findPromptVersion,
  findServedVersions,
  type LabeledPrompt,
} from "./prompts.repository.js";
import type { ServedPrompt } from "./prompts.types.js";

// The versions expansion serves, with no access check: expansion decides visibility itself (and
// caches per viewer). Kept apart from prompts.service, which renders drafts through
// expansion.service, so that expansion can read prompts without an import cycle.

/**
 * The version expansion serves for each name (`production` label, else latest), skipping
 * deprecated prompts and prompts without versions; one prepared query.
 */
export async function findServedPrompts(
  db: Db,
  names: string[],
  viewerId: string | null,
): Promise<Map<string, DefaultServedPrompt>> {
  return findServedVersions(db, names, viewerId);
}

/** The version `label` points at; the version is null when the prompt has no such label. */
export async function findPromptAtLabel(
  db: Db,
  name: string,
  label: string,
  viewerId: string | null,
): Promise<LabeledPrompt | null> {
  return findLabeledVersion(db, name, label, viewerId);
}

/** A specific version by its version string, skipping deprecated prompts. */
export async function findPromptAtVersion(
  db: Db,
  name: string,
  version: string,
  viewerId: string | null,
): Promise<ServedPrompt | null> {
  return findPromptVersion(db, name, version, viewerId);
}
