import type { Db } from "../../db/client.js";
import { markChanged } from "../../db/read-cache.js";
import { notFound, unprocessable } from "../../http/errors.js";
import type { Principal } from "../../http/types.js";
import { recordAudit } from "../audit/audit.recorder.js";
import {
  type ChangeDescription,
  type ChangeRequestView,
  type DiffEntry,
  getChangeRequest,
  openChangeRequest,
  registerChangeKind,
} from "../change-requests/change-requests.service.js";
import type { ChangeRequestRow } from "../change-requests/change-requests.types.js";
import { isProtectedLabel, onSettingsChange } from "../settings/settings.service.js";
import {
  clearLabel,
  findLabelsOfPrompts,
  findLabelVersion,
  findPromptsByIds,
  findVersionOfPrompt,
  findVersionsByIds,
  LATEST_LABEL,
  lockPromptById,
  PRODUCTION_LABEL,
  type PromptAccess,
  setLabel,
  setLabelOnLatestWhereMissing,
} from "./prompts.repository.js";
import { detailOf, loadForWrite, promptAuditTarget } from "./prompts.service.js";
import type { PromptDetail, PromptVersionRow } from "./prompts.types.js";

/** A label change either applies at once or, on a protected label, waits for review. */
export type LabelChange =
  | { kind: "applied"; prompt: PromptDetail }
  | { kind: "proposed"; changeRequest: ChangeRequestView };

const reservedLabel = () =>
  unprocessable(
    `The '${LATEST_LABEL}' label always names the newest version: it cannot be moved or cleared`,
    "reserved_label",
  );

const labelNotFound = (name: string, label: string) =>
  notFound(`Prompt '${name}' has no label '${label}'`, "label_not_found");

/** One event per label change, under the prompt: the label's version before and after (null: unset). */
async function recordLabelChange(
  tx: Db,
  principal: Principal,
  access: Pick<PromptAccess, "prompt" | "ownerTeamId">,
  label: string,
  before: string | null,
  after: string | null,
): Promise<void> {
  await recordAudit(tx, principal, {
    action: after === null ? "prompt.label_cleared" : "prompt.label_moved",
    ...promptAuditTarget(access),
    before: { labels: { [label]: before } },
    after: { labels: { [label]: after } },
  });
}

async function outcomeOf(
  db: Db,
  principal: Principal,
  name: string,
  result: { changeRequestId: string } | { moved: boolean },
): Promise<LabelChange> {
  if ("changeRequestId" in result) {
    return { kind: "proposed", changeRequest: await getChangeRequest(db, principal, result.changeRequestId) };
  }
  if (result.moved) markChanged(db, "prompt_labels");
  return { kind: "applied", prompt: await detailOf(db, principal, name) };
}

/**
 * Points a label at a version (owner or admin). On a protected label it opens a change request
 * instead, which `comment` starts. A label already there changes nothing.
 */
export async function movePromptLabel(
  db: Db,
  principal: Principal,
  name: string,
  label: string,
  change: { version: string; comment?: string },
): Promise<LabelChange> {
  if (label === LATEST_LABEL) throw reservedLabel();
  const missing = () =>
    notFound(`Prompt '${name}' or version '${change.version}' not found`, "prompt_version_not_found");
  const result = await db.transaction(async (tx) => {
    const found = await loadForWrite(tx, principal, name, { lock: true, notFoundError: missing });
    const target = await findVersionOfPrompt(tx, found.prompt.id, change.version);
    if (!target) throw missing();
    const current = await findLabelVersion(tx, found.prompt.id, label);
    if (current?.id === target.id) return { moved: false };
    if (await isProtectedLabel(tx, label)) {
      const request = await openChangeRequest(
        tx,
        principal,
        {
          kind: "label",
          title: `Move '${label}' of '${name}' to ${target.version}`,
          promptId: found.prompt.id,
          label,
          versionId: target.id,
          baseVersionId: current?.id ?? null,
        },
        { comment: change.comment, auditTeamId: found.ownerTeamId },
      );
      return { changeRequestId: request.id };
    }
    await setLabel(tx, { promptId: found.prompt.id, label, versionId: target.id, updatedById: principal.user.id });
    await recordLabelChange(tx, principal, found, label, current?.version ?? null, target.version);
    return { moved: true };
  });
  return outcomeOf(db, principal, name, result);
}

/**
 * Removes a label (owner or admin); on a protected label it opens a change request instead.
 * Clearing a label that is not set is 404 `label_not_found`, or nothing at all with `missingOk`.
 */
export async function clearPromptLabel(
  db: Db,
  principal: Principal,
  name: string,
  label: string,
  options: { comment?: string; missingOk?: boolean } = {},
): Promise<LabelChange> {
  if (label === LATEST_LABEL) throw reservedLabel();
  const result = await db.transaction(async (tx) => {
    const found = await loadForWrite(tx, principal, name, { lock: true });
    const current = await findLabelVersion(tx, found.prompt.id, label);
    if (!current) {
      if (options.missingOk) return { moved: false };
      throw labelNotFound(name, label);
    }
    if (await isProtectedLabel(tx, label)) {
      const request = await openChangeRequest(
        tx,
        principal,
        {
          kind: "label",
          title: `Clear '${label}' of '${name}'`,
          promptId: found.prompt.id,
          label,
          versionId: null,
          baseVersionId: current.id,
        },
        { comment: options.comment, auditTeamId: found.ownerTeamId },
      );
      return { changeRequestId: request.id };
    }
    await clearLabel(tx, found.prompt.id, label);
    await recordLabelChange(tx, principal, found, label, current.version, null);
    return { moved: true };
  });
  return outcomeOf(db, principal, name, result);
}

/** Pinning is moving `production`: expansion serves that version until it moves again. */
export const pinPromptVersion = (db: Db, principal: Principal, name: string, version: string) =>
  movePromptLabel(db, principal, name, PRODUCTION_LABEL, { version });

/** Unpinning clears `production` (then the latest version is served, unless production is protected). */
export const unpinPrompt = (db: Db, principal: Principal, name: string) =>
  clearPromptLabel(db, principal, name, PRODUCTION_LABEL, { missingOk: true });

/** The fields a review compares, as text. */
function reviewedFields(version: PromptVersionRow | null): Record<string, string | null> {
  return {
    system_template: version?.systemTemplate ?? null,
    user_template: version?.userTemplate ?? null,
    input_schema: version ? JSON.stringify(version.inputSchema, null, 2) : null,
    tags: version ? version.tags.join(", ") : null,
    change_note: version?.changeNote ?? null,
  };
}

/** What moving a label from `served` to `proposed` changes, field by field. */
export function diffVersions(served: PromptVersionRow | null, proposed: PromptVersionRow | null): DiffEntry[] {
  const before = reviewedFields(served);
  const after = reviewedFields(proposed);
  return Object.keys(before)
    .filter((field) => before[field] !== after[field])
    .map((field) => ({ field, before: before[field] ?? null, after: after[field] ?? null }));
}

const nonNull = <T>(value: T | null | undefined): value is T => value !== null && value !== undefined;
const labelKey = (promptId: string, label: string) => `${promptId} ${label}`;

/** Describes label requests against where each label points now: three queries per page. */
async function describeLabelChanges(db: Db, rows: ChangeRequestRow[]): Promise<Map<string, ChangeDescription>> {
  const promptIds = rows.map((row) => row.promptId).filter(nonNull);
  const [promptsById, labels] = await Promise.all([
    findPromptsByIds(db, promptIds),
    findLabelsOfPrompts(db, promptIds),
  ]);
  const servedId = (row: ChangeRequestRow) =>
    row.promptId && row.label ? labels.get(labelKey(row.promptId, row.label)) : undefined;
  const versions = await findVersionsByIds(
    db,
    rows.flatMap((row) => [row.versionId, row.baseVersionId, servedId(row)]).filter(nonNull),
  );
  const versionOf = (id: string | null | undefined) => (id ? (versions.get(id) ?? null) : null);
  const described = new Map<string, ChangeDescription>();
  for (const row of rows) {
    const access = row.promptId ? promptsById.get(row.promptId) : undefined;
    const proposed = versionOf(row.versionId);
    const served = versionOf(servedId(row));
    described.set(row.id, {
      prompt: access ? { id: access.prompt.id, name: access.prompt.name } : null,
      label: row.label,
      version: proposed?.version ?? null,
      baseVersion: versionOf(row.baseVersionId)?.version ?? null,
      servedVersion: served?.version ?? null,
      team: null,
      proposal: null,
      diff: diffVersions(served, proposed),
      auditTeamId: access?.ownerTeamId ?? null,
    });
  }
  return described;
}

/** Label requests always name their prompt and label; the schema allows nulls for other kinds. */
function labelTarget(row: ChangeRequestRow): { promptId: string; label: string } {
  if (!row.promptId || !row.label) throw new Error(`label change request ${row.id} names no prompt or label`);
  return { promptId: row.promptId, label: row.label };
}

registerChangeKind("label", {
  describe: describeLabelChanges,
  async lockTarget(tx, row) {
    await lockPromptById(tx, labelTarget(row).promptId);
  },
  async isStale(tx, row) {
    const { promptId, label } = labelTarget(row);
    return ((await findLabelVersion(tx, promptId, label))?.id ?? null) !== row.baseVersionId;
  },
  async apply(tx, approver, row) {
    const { promptId, label } = labelTarget(row);
    const access = (await findPromptsByIds(tx, [promptId])).get(promptId);
    if (!access) throw notFound("The prompt of this change request no longer exists", "prompt_not_found");
    const current = await findLabelVersion(tx, promptId, label);
    if ((current?.id ?? null) === row.versionId) return;
    if (row.versionId === null) {
      await clearLabel(tx, promptId, label);
      await recordLabelChange(tx, approver, access, label, current?.version ?? null, null);
      return;
    }
    const proposed = (await findVersionsByIds(tx, [row.versionId])).get(row.versionId);
    if (!proposed) throw notFound("The proposed version no longer exists", "prompt_version_not_found");
    await setLabel(tx, { promptId, label, versionId: proposed.id, updatedById: approver.user.id });
    await recordLabelChange(tx, approver, access, label, current?.version ?? null, proposed.version);
  },
  supersedes: (row) => ({ kind: "label", ...labelTarget(row) }),
  changed: ["prompt_labels"],
});

/**
 * Protecting `production` must not change what anyone is served: every prompt then serving its
 * latest version by default gets a production label on it, in the settings' transaction.
 */
onSettingsChange(async (tx, principal, before, after) => {
  if (before.protectedLabels.includes(PRODUCTION_LABEL) || !after.protectedLabels.includes(PRODUCTION_LABEL)) return;
  const added = await setLabelOnLatestWhereMissing(tx, PRODUCTION_LABEL, principal.user.id);
  for (const label of added) {
    await recordAudit(tx, principal, {
      action: "prompt.label_moved",
      target: { type: "prompt", id: label.promptId, name: label.name },
      teamId: label.ownerTeamId,
      before: { labels: { [PRODUCTION_LABEL]: null } },
      after: { labels: { [PRODUCTION_LABEL]: label.version } },
    });
  }
});
