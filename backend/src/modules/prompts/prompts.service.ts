import type { Db } from "../../db/client.js";
import { markChanged } from "../../db/read-cache.js";
import type { Visibility } from "../../db/schema.js";
import { AppError, conflict, isUniqueViolation, notFound, unprocessable } from "../../http/errors.js";
import type { Principal } from "../../http/types.js";
import { assertOwnerOrAdmin, canView, isAdmin } from "../access/access.service.js";
import { recordAudit } from "../audit/audit.recorder.js";
import { openChangeRequest } from "../change-requests/change-requests.service.js";
import { type Expansion, renderDraft } from "../expansion/expansion.service.js";
import { assertValidInputSchema } from "../expansion/input-validation.js";
import { checkVersionTemplates, describeProblems, type TemplateCheck } from "../expansion/template-check.js";
import { isProtectedLabel } from "../settings/settings.service.js";
import {
  addShare,
  auditedGrantee,
  type Grantee,
  listShares,
  removeShare,
  type ShareRow,
} from "../shares/shares.service.js";
import {
  createPrompt,
  createPromptVersion,
  findLabeledVersion,
  findListingDigest,
  findPromptAccess,
  findPromptByName,
  findPromptDetail,
  findPrompts,
  findPromptVersion,
  findPromptVersions,
  findRankedPrompts,
  findServedVersions,
  findVersionLabels,
  findVersionOfPrompt,
  LATEST_LABEL,
  PRODUCTION_LABEL,
  type PromptAccess,
  type PromptAudience,
  updatePrompt,
} from "./prompts.repository.js";
import type { PromptDetail, PromptPageKey, PromptRow, PromptVersionRow } from "./prompts.types.js";

export type VersionInput = {
  version: string;
  systemTemplate?: string | null;
  userTemplate?: string | null;
  inputSchema: Record<string, unknown>;
  tags: string[];
  /** Why this version was made, for reviewers and the version table. */
  changeNote?: string | null;
};

export type PromptInput = {
  name: string;
  description?: string | null;
  visibility: Visibility;
  version: VersionInput;
};

/** Absent fields stay as they are; a null description clears it. */
export type PromptChanges = { description?: string | null; visibility?: Visibility };

export type PromptListOptions = {
  page: number;
  pageSize: number;
  tag?: string;
  q?: string;
  userId?: string;
  visibility?: Visibility;
  /** Prompts that have this label. */
  label?: string;
  includeDeprecated: boolean;
};

/** A version and the labels that point at it. */
export type LabeledVersion = { version: PromptVersionRow; labels: string[] };

const promptNotFound = (name: string) => notFound(`Prompt '${name}' not found`, "prompt_not_found");
const promptExists = (name: string) => conflict(`Prompt '${name}' already exists`, "prompt_exists");
const versionExists = (name: string, version: string) =>
  conflict(`Version '${version}' already exists for prompt '${name}'`, "version_exists");

function audienceOf(principal: Principal | null): PromptAudience {
  if (!principal) return { kind: "public" };
  if (isAdmin(principal)) return { kind: "all" };
  return { kind: "user", userId: principal.user.id };
}

const viewerIdOf = (principal: Principal | null) => principal?.user.id ?? null;

function isVisible(principal: Principal | null, prompt: PromptRow, sharedWithCaller: boolean): boolean {
  return canView(principal, { ownerId: prompt.userId, visibility: prompt.visibility, sharedWithCaller });
}

/**
 * A prompt the caller may change. One the caller cannot see is reported missing (404), so names
 * of private prompts do not leak; one they see but do not own is a 403.
 */
export async function loadForWrite(
  db: Db,
  principal: Principal | null,
  name: string,
  options: { lock?: boolean; notFoundError?: () => Error } = {},
): Promise<PromptAccess> {
  const found = await findPromptAccess(db, name, viewerIdOf(principal), { lock: options.lock });
  if (!found || !isVisible(principal, found.prompt, found.sharedWithCaller)) {
    throw options.notFoundError?.() ?? promptNotFound(name);
  }
  assertOwnerOrAdmin(principal, found.prompt.userId, "prompt");
  return found;
}

/** Where a prompt's audit events go: the prompt, in its owner's team's subtree. */
export const promptAuditTarget = ({ prompt, ownerTeamId }: Pick<PromptAccess, "prompt" | "ownerTeamId">) => ({
  target: { type: "prompt", id: prompt.id, name: prompt.name },
  teamId: ownerTeamId,
});

/**
 * What callers are served: while `production` is protected, a prompt without a production label
 * serves nothing by default (its latest version has not been approved).
 */
async function asServed(db: Db, details: PromptDetail[]): Promise<PromptDetail[]> {
  const unapproved = (detail: PromptDetail) => !Object.hasOwn(detail.labels, PRODUCTION_LABEL);
  if (!details.some(unapproved) || !(await isProtectedLabel(db, PRODUCTION_LABEL))) return details;
  return details.map((detail) => (unapproved(detail) ? { ...detail, active: null } : detail));
}

const asServedOne = async (db: Db, detail: PromptDetail) => (await asServed(db, [detail]))[0] ?? detail;

async function loadVisible(db: Db, principal: Principal | null, name: string): Promise<PromptRow> {
  const found = await findPromptAccess(db, name, viewerIdOf(principal));
  if (!found || !isVisible(principal, found.prompt, found.sharedWithCaller)) throw promptNotFound(name);
  return found.prompt;
}

/** The prompt as the API shows it, after a change the caller just made. */
export async function detailOf(db: Db, principal: Principal | null, name: string): Promise<PromptDetail> {
  const detail = await findPromptDetail(db, name, viewerIdOf(principal));
  if (!detail) throw promptNotFound(name);
  return asServedOne(db, detail);
}

const versionValues = (promptId: string, input: VersionInput, createdById: string) => ({
  promptId,
  version: input.version,
  systemTemplate: input.systemTemplate ?? null,
  userTemplate: input.userTemplate ?? null,
  inputSchema: input.inputSchema,
  tags: input.tags,
  changeNote: input.changeNote ?? null,
  createdById,
});

/** A version's fields as its audit event shows them (templates are kept by the version itself). */
const auditedVersion = (version: PromptVersionRow) => ({
  version: version.version,
  change_note: version.changeNote,
  tags: version.tags,
});

/**
 * Adds a problem for each prompt the templates include by name that does not exist, is deprecated
 * or is not visible to the caller: expansion would render a "not found" marker in its place.
 */
async function addIncludeProblems(db: Db, principal: Principal | null, check: TemplateCheck): Promise<void> {
  if (check.includes.length === 0) return;
  const served = await findServedVersions(
    db,
    check.includes.map((include) => include.name),
    viewerIdOf(principal),
  );
  for (const include of check.includes) {
    const found = served.get(include.name);
    if (found && isVisible(principal, found.prompt, found.sharedWithCaller)) continue;
    check.problems.push({
      field: include.field,
      line: include.line,
      column: include.column,
      message: `include_prompt('${include.name}') names no prompt you can see: it would render as "prompt not found"`,
      code: "unknown_include",
      name: include.name,
    });
  }
}

/** 422 naming every problem saving the version would leave for its callers (see `checkVersionDraft`). */
async function assertSavableTemplates(db: Db, principal: Principal, input: VersionInput): Promise<void> {
  const check = checkVersionTemplates(input);
  await addIncludeProblems(db, principal, check);
  const [first] = check.problems;
  if (first) throw unprocessable(describeProblems(check.problems), first.code);
}

export type VersionDraft = Pick<VersionInput, "systemTemplate" | "userTemplate" | "inputSchema">;

/** The checks, and with sample input what the draft renders for its author (or why it does not). */
export type VersionDraftCheck = TemplateCheck & { preview: Expansion | { error: string } | null };

/**
 * What saving these templates and input schema would refuse, without saving anything: syntax
 * errors with their line and column, variables the schema does not declare, reserved property
 * names, includes of prompts the caller cannot see, an invalid schema. Also lists every variable
 * the templates read, and, given sample input and no problems, renders the draft for the caller:
 * the editor's live preview.
 */
export async function checkVersionDraft(
  db: Db,
  principal: Principal,
  draft: VersionDraft,
  sample?: Record<string, unknown>,
): Promise<VersionDraftCheck> {
  const check = checkVersionTemplates(draft);
  try {
    await assertValidInputSchema(draft.inputSchema);
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    check.problems.unshift({
      field: "input_schema",
      line: null,
      column: null,
      message: error.detail,
      code: "invalid_input_schema",
    });
  }
  await addIncludeProblems(db, principal, check);
  if (sample === undefined || check.problems.length > 0) return { ...check, preview: null };
  try {
    const templates = { systemTemplate: draft.systemTemplate ?? null, userTemplate: draft.userTemplate ?? null };
    return {
      ...check,
      preview: await renderDraft(db, principal, { ...templates, inputSchema: draft.inputSchema }, sample),
    };
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    return { ...check, preview: { error: error.detail } };
  }
}

/** A prompt named by a workflow step: by version, by label, or (neither) the version served by default. */
export type PromptVersionRef = { name: string; version?: string | null; label?: string | null };

/** Whether the version a reference names exists, in a prompt that is not deprecated and the caller may see. */
export async function canSeePromptVersion(db: Db, principal: Principal, ref: PromptVersionRef): Promise<boolean> {
  const viewerId = viewerIdOf(principal);
  const found = ref.version
    ? await findPromptVersion(db, ref.name, ref.version, viewerId)
    : ref.label
      ? await findLabeledVersion(db, ref.name, ref.label, viewerId)
      : ((await findServedVersions(db, [ref.name], viewerId)).get(ref.name) ?? null);
  return Boolean(found?.version) && found !== null && isVisible(principal, found.prompt, found.sharedWithCaller);
}

/** Prompts the caller may see, by name, one page at a time with the exact total. */
export async function listPrompts(
  db: Db,
  principal: Principal | null,
  options: PromptListOptions,
): Promise<{ items: PromptDetail[]; total: number }> {
  const { rows, total } = await findPrompts(
    db,
    {
      audience: audienceOf(principal),
      tag: options.tag,
      q: options.q || undefined,
      userId: options.userId,
      visibility: options.visibility,
      label: options.label,
      includeDeprecated: options.includeDeprecated,
      limit: options.pageSize,
      offset: (options.page - 1) * options.pageSize,
    },
    viewerIdOf(principal),
  );
  return { items: await asServed(db, rows), total };
}

export type ServedPromptPageOptions = {
  /** Keeps prompts whose name, description or served-version tags contain it, best matches first. */
  q?: string;
  limit: number;
  /** Starts just after this prompt (the `next` of the previous page). */
  after?: PromptPageKey;
  /** Skips this many more first (page numbers). */
  offset?: number;
};

export type ServedPromptPage = {
  items: PromptDetail[];
  /** How many prompts come after this page. */
  more: number;
  /** Where the next page starts; null on the last page. */
  next: PromptPageKey | null;
};

/**
 * What expansion serves by default, as a listing filter: while `production` is protected, only
 * prompts with an approved (production) version; otherwise every prompt with a version.
 */
async function servedByDefaultLabel(db: Db): Promise<string> {
  return (await isProtectedLabel(db, PRODUCTION_LABEL)) ? PRODUCTION_LABEL : LATEST_LABEL;
}

/**
 * One page of the prompts the caller may see and expand by default (not deprecated, serving a
 * version): by name, or with `q` its best matches first (see `findRankedPrompts`).
 */
export async function pageServedPrompts(
  db: Db,
  principal: Principal | null,
  options: ServedPromptPageOptions,
): Promise<ServedPromptPage> {
  const offset = options.offset ?? 0;
  const { rows, last, remaining } = await findRankedPrompts(
    db,
    {
      audience: audienceOf(principal),
      label: await servedByDefaultLabel(db),
      q: options.q || undefined,
      includeDeprecated: false,
    },
    { offset, limit: options.limit, after: options.after },
    viewerIdOf(principal),
  );
  const more = Math.max(0, remaining - offset - rows.length);
  return { items: await asServed(db, rows), more, next: more > 0 ? last : null };
}

/** A digest of everything `pageServedPrompts` lists for the caller, over all pages: it changes when the listing does. */
export async function digestServedPrompts(db: Db, principal: Principal | null): Promise<string> {
  return findListingDigest(db, {
    audience: audienceOf(principal),
    label: await servedByDefaultLabel(db),
    includeDeprecated: false,
  });
}

/** One prompt the caller may see, or 404. */
export async function getPrompt(db: Db, principal: Principal | null, name: string): Promise<PromptDetail> {
  const detail = await findPromptDetail(db, name, viewerIdOf(principal));
  if (!detail || !isVisible(principal, detail.prompt, detail.sharedWithCaller)) throw promptNotFound(name);
  return asServedOne(db, detail);
}

/**
 * The version a label of a prompt the caller may see points at (`latest`: the newest). 404 for a
 * prompt the caller cannot see, `label_not_found` for a label the prompt lacks.
 */
export async function getLabeledVersion(
  db: Db,
  principal: Principal | null,
  name: string,
  label: string,
): Promise<PromptVersionRow> {
  const found = await findLabeledVersion(db, name, label, viewerIdOf(principal));
  if (!found || !isVisible(principal, found.prompt, found.sharedWithCaller)) throw promptNotFound(name);
  if (!found.version) throw notFound(`Prompt '${name}' has no label '${label}'`, "label_not_found");
  return found.version;
}

/** Every version of a prompt the caller may see, newest first, with the labels on each. */
export async function listPromptVersions(db: Db, principal: Principal | null, name: string): Promise<LabeledVersion[]> {
  const prompt = await loadVisible(db, principal, name);
  const [versions, labels] = await Promise.all([findPromptVersions(db, prompt.id), findVersionLabels(db, prompt.id)]);
  return versions.map((version) => ({ version, labels: labels.get(version.id) ?? [] }));
}

/**
 * Creates a prompt owned by the caller, with its first version. While `production` is protected,
 * the first version waits for review: a change request to put it on production opens with it.
 */
export async function addPrompt(db: Db, principal: Principal, input: PromptInput): Promise<PromptDetail> {
  await assertValidInputSchema(input.version.inputSchema);
  await assertSavableTemplates(db, principal, input.version);
  try {
    await db.transaction(async (tx) => {
      if (await findPromptByName(tx, input.name)) throw promptExists(input.name);
      const prompt = await createPrompt(tx, {
        name: input.name,
        description: input.description ?? null,
        visibility: input.visibility,
        userId: principal.user.id,
      });
      const version = await createPromptVersion(tx, versionValues(prompt.id, input.version, principal.user.id), {
        touchPrompt: false,
      });
      const audit = promptAuditTarget({ prompt, ownerTeamId: principal.user.teamId });
      await recordAudit(tx, principal, {
        action: "prompt.created",
        ...audit,
        after: {
          name: prompt.name,
          description: prompt.description,
          visibility: prompt.visibility,
          ...auditedVersion(version),
        },
      });
      if (await isProtectedLabel(tx, PRODUCTION_LABEL)) {
        await openChangeRequest(
          tx,
          principal,
          {
            kind: "label",
            title: `Publish '${prompt.name}' ${version.version} to ${PRODUCTION_LABEL}`,
            promptId: prompt.id,
            label: PRODUCTION_LABEL,
            versionId: version.id,
            baseVersionId: null,
          },
          { auditTeamId: audit.teamId },
        );
      }
    });
    markChanged(db, "prompts", "prompt_versions");
  } catch (error) {
    if (isUniqueViolation(error)) throw promptExists(input.name);
    throw error;
  }
  return detailOf(db, principal, input.name);
}

/** Adds a version and makes it the latest; labels stay where they are. */
export async function addPromptVersion(
  db: Db,
  principal: Principal,
  name: string,
  input: VersionInput,
): Promise<LabeledVersion> {
  await assertValidInputSchema(input.inputSchema);
  await assertSavableTemplates(db, principal, input);
  try {
    const created = await db.transaction(async (tx) => {
      // The lock orders concurrent new versions, so `latest` is always the last one created.
      const found = await loadForWrite(tx, principal, name, { lock: true });
      if (await findVersionOfPrompt(tx, found.prompt.id, input.version)) throw versionExists(name, input.version);
      const version = await createPromptVersion(tx, versionValues(found.prompt.id, input, principal.user.id), {
        touchPrompt: true,
      });
      await recordAudit(tx, principal, {
        action: "prompt.version_created",
        ...promptAuditTarget(found),
        after: auditedVersion(version),
      });
      return version;
    });
    markChanged(db, "prompt_versions", "prompts");
    return { version: created, labels: [] };
  } catch (error) {
    if (isUniqueViolation(error)) throw versionExists(name, input.version);
    throw error;
  }
}

/** Changes the description or visibility. */
export async function changePrompt(
  db: Db,
  principal: Principal,
  name: string,
  changes: PromptChanges,
): Promise<PromptDetail> {
  const changed = await db.transaction(async (tx) => {
    const found = await loadForWrite(tx, principal, name, { lock: true });
    const { prompt } = found;
    const update: PromptChanges = {};
    if (changes.description !== undefined && changes.description !== prompt.description) {
      update.description = changes.description;
    }
    if (changes.visibility !== undefined && changes.visibility !== prompt.visibility) {
      update.visibility = changes.visibility;
    }
    if (Object.keys(update).length === 0) return false;
    await updatePrompt(tx, prompt.id, update);
    await recordAudit(tx, principal, {
      action: "prompt.updated",
      ...promptAuditTarget(found),
      before: { description: prompt.description, visibility: prompt.visibility },
      after: { description: prompt.description, visibility: prompt.visibility, ...update },
    });
    return true;
  });
  if (changed) markChanged(db, "prompts");
  return detailOf(db, principal, name);
}

/** Deprecates (or restores) a prompt; nothing is ever deleted. Idempotent. */
export async function setPromptDeprecated(
  db: Db,
  principal: Principal,
  name: string,
  deprecated: boolean,
): Promise<PromptDetail> {
  const changed = await db.transaction(async (tx) => {
    const found = await loadForWrite(tx, principal, name, { lock: true });
    if (found.prompt.isDeprecated === deprecated) return false;
    await updatePrompt(tx, found.prompt.id, { isDeprecated: deprecated });
    await recordAudit(tx, principal, {
      action: deprecated ? "prompt.deprecated" : "prompt.restored",
      ...promptAuditTarget(found),
      before: { is_deprecated: !deprecated },
      after: { is_deprecated: deprecated },
    });
    return true;
  });
  if (changed) markChanged(db, "prompts");
  return detailOf(db, principal, name);
}

/** Who the prompt is explicitly shared with (users and teams), oldest share first. */
export async function listPromptShares(db: Db, principal: Principal, name: string): Promise<ShareRow[]> {
  const { prompt } = await loadForWrite(db, principal, name);
  return listShares(db, "prompt", prompt.id);
}

/**
 * Shares a prompt with a user or a team; sharing again returns the existing share (and records
 * nothing), unless it changes whether a team share includes sub-teams.
 */
export async function sharePrompt(db: Db, principal: Principal, name: string, grantee: Grantee): Promise<ShareRow> {
  const outcome = await db.transaction(async (tx) => {
    const found = await loadForWrite(tx, principal, name, { lock: true });
    const result = await addShare(tx, "prompt", found.prompt.id, grantee);
    if (result.change !== "none") {
      await recordAudit(tx, principal, {
        action: "prompt.shared",
        ...promptAuditTarget(found),
        before: result.before ? auditedGrantee(result.before) : undefined,
        after: auditedGrantee(result.share),
      });
    }
    return result;
  });
  if (outcome.change !== "none") markChanged(db, "prompt_shares");
  return outcome.share;
}

/** Withdraws a share with a user or a team, or 404 when there is none. */
export async function unsharePrompt(db: Db, principal: Principal, name: string, grantee: Grantee): Promise<void> {
  await db.transaction(async (tx) => {
    const found = await loadForWrite(tx, principal, name, { lock: true });
    const share = await removeShare(tx, "prompt", found.prompt.id, grantee);
    await recordAudit(tx, principal, {
      action: "prompt.unshared",
      ...promptAuditTarget(found),
      before: auditedGrantee(share),
    });
  });
  markChanged(db, "prompt_shares");
}
