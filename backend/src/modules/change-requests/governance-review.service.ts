import type { ChangedData } from "../../db/change-feed.js";
import type { Db } from "../../db/client.js";
import type { Principal } from "../../http/types.js";
import { type ChangeDescription, type DiffEntry, registerChangeKind } from "./change-kinds.js";
import { findTeamNames } from "./change-requests.repository.js";
import { type ChangeRequestView, getChangeRequest, openChangeRequest } from "./change-requests.service.js";
import type { ChangeRequestRow } from "./change-requests.types.js";

/**
 * Governance under review: when the org settings put a team's policies and objectives under
 * review, their features propose changes here instead of making them, and a reviewer's approval
 * makes them through the feature again. The policies and objectives features register themselves
 * as subjects (`registerGovernanceSubject`), so this module never imports them.
 */

export type GovernanceSubjectName = "policy" | "objective";
export type GovernanceOperation = "create" | "update" | "delete";
/** A policy's or objective's fields as the API shows them (snake_case). */
export type GovernanceFields = Record<string, unknown>;

/** What a governance request proposes; stored as the request's `proposal`. */
export type GovernanceProposal = {
  subject: GovernanceSubjectName;
  operation: GovernanceOperation;
  /** The policy or objective changed or deleted; absent when creating one. */
  id?: string;
  /** The fields proposed (create, update); empty for a delete. */
  changes: GovernanceFields;
};

/** What the review machinery needs from the policies or objectives feature. */
export type GovernanceSubject = {
  /** "Policy", "Objective": how titles name it. */
  noun: string;
  /** The field that names one: a policy's `name`, an objective's `title`. */
  nameField: string;
  /** The fields a review compares, in the order a diff lists them. */
  reviewedFields: readonly string[];
  /** The current fields (with `updated_at`) of those of `ids` that still exist. */
  findFields(db: Db, ids: string[]): Promise<Map<string, GovernanceFields>>;
  /** Locks one until the transaction ends, so an approval and another change wait for each other. */
  lock(tx: Db, id: string): Promise<void>;
  /** Makes the proposed change as `approver`, writing the feature's own audit event. */
  apply(tx: Db, approver: Principal, proposal: GovernanceProposal, teamId: string | null): Promise<void>;
  changed: ChangedData;
};

/** A governance write either applied at once or, under review, waits in a change request. */
export type GovernanceChange<T> =
  | { kind: "applied"; value: T }
  | { kind: "proposed"; changeRequest: ChangeRequestView };

const subjects = new Map<GovernanceSubjectName, GovernanceSubject>();
/** What approving a governance request may change, as the subjects registered name it. */
const changed: ChangedData[] = [];

export function registerGovernanceSubject(name: GovernanceSubjectName, subject: GovernanceSubject): void {
  subjects.set(name, subject);
  if (!changed.includes(subject.changed)) changed.push(subject.changed);
}

function subjectOf(proposal: GovernanceProposal): GovernanceSubject {
  const subject = subjects.get(proposal.subject);
  if (!subject) throw new Error(`no governance subject '${proposal.subject}' is registered`);
  return subject;
}

const OPERATIONS: readonly string[] = ["create", "update", "delete"];

/** The proposal a governance request carries; this module alone writes it, so a bad one is a bug. */
function proposalOf(row: ChangeRequestRow): GovernanceProposal {
  const proposal = row.proposal ?? {};
  const { subject, operation, id, changes } = proposal;
  const valid =
    (subject === "policy" || subject === "objective") &&
    typeof operation === "string" &&
    OPERATIONS.includes(operation) &&
    (operation === "create" || typeof id === "string") &&
    typeof changes === "object" &&
    changes !== null;
  if (!valid) throw new Error(`governance change request ${row.id} has no valid proposal`);
  return proposal as GovernanceProposal;
}

/** A field's value as the diff shows it. */
function asText(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return JSON.stringify(value, null, 2);
}

/**
 * The fields a proposal changes, before (what is in force now; the baseline once the subject is
 * gone) and after (what it proposes): a create has nothing before, a delete nothing after.
 */
export function diffGovernanceChange(
  reviewedFields: readonly string[],
  proposal: Pick<GovernanceProposal, "operation" | "changes">,
  inForce: GovernanceFields | null,
): DiffEntry[] {
  const entries = reviewedFields.map((field) => {
    const before = proposal.operation === "create" ? null : asText(inForce?.[field]);
    const proposed = Object.hasOwn(proposal.changes, field);
    const after = proposal.operation === "delete" ? null : proposed ? asText(proposal.changes[field]) : before;
    return { field, before, after };
  });
  return entries.filter((entry) => entry.before !== entry.after);
}

function titleOf(
  subject: GovernanceSubject,
  proposal: GovernanceProposal,
  baseline: GovernanceFields | null,
  team: string | null,
) {
  const name = asText(
    proposal.operation === "create" ? proposal.changes[subject.nameField] : baseline?.[subject.nameField],
  );
  const where = team === null ? "organization-wide" : `on ${team}`;
  return `${subject.noun} '${name ?? "?"}' ${where}: ${proposal.operation}`;
}

/**
 * Opens a governance change request (the caller has checked that the author may make the change
 * and that it is under review) and returns it as the author sees it. `baseline` is the subject as
 * it is now (null for a create): the diff falls back on it, and approval finds the request stale
 * when the subject changed since.
 */
export async function proposeGovernanceChange(
  db: Db,
  author: Principal,
  change: { proposal: GovernanceProposal; teamId: string | null; baseline: GovernanceFields | null },
): Promise<ChangeRequestView> {
  const { proposal, teamId, baseline } = change;
  const subject = subjectOf(proposal);
  const team = teamId === null ? null : ((await findTeamNames(db, [teamId])).get(teamId) ?? null);
  const request = await db.transaction((tx) =>
    openChangeRequest(
      tx,
      author,
      { kind: "governance", title: titleOf(subject, proposal, baseline, team), teamId, proposal, baseline },
      { auditTeamId: teamId },
    ),
  );
  return getChangeRequest(db, author, request.id);
}

const subjectKey = (subject: GovernanceSubjectName, id: string) => `${subject} ${id}`;

/** Describes a page of governance requests against what is in force now: one query per subject, one for teams. */
async function describeGovernanceChanges(db: Db, rows: ChangeRequestRow[]): Promise<Map<string, ChangeDescription>> {
  const proposals = new Map(rows.map((row) => [row.id, proposalOf(row)]));
  const idsBySubject = new Map<GovernanceSubjectName, string[]>();
  for (const proposal of proposals.values()) {
    if (proposal.id) idsBySubject.set(proposal.subject, [...(idsBySubject.get(proposal.subject) ?? []), proposal.id]);
  }
  const current = new Map<string, GovernanceFields>();
  const loadCurrent = [...idsBySubject].map(async ([name, ids]) => {
    const subject = subjects.get(name);
    if (!subject) return;
    for (const [id, fields] of await subject.findFields(db, ids)) current.set(subjectKey(name, id), fields);
  });
  const [teamNames] = await Promise.all([
    findTeamNames(
      db,
      rows.flatMap((row) => (row.teamId ? [row.teamId] : [])),
    ),
    Promise.all(loadCurrent),
  ]);
  const described = new Map<string, ChangeDescription>();
  for (const row of rows) {
    const proposal = proposals.get(row.id) as GovernanceProposal;
    const inForce = (proposal.id ? current.get(subjectKey(proposal.subject, proposal.id)) : undefined) ?? row.baseline;
    const teamName = row.teamId ? teamNames.get(row.teamId) : undefined;
    described.set(row.id, {
      prompt: null,
      label: null,
      version: null,
      baseVersion: null,
      servedVersion: null,
      team: row.teamId && teamName !== undefined ? { id: row.teamId, name: teamName } : null,
      proposal: row.proposal,
      diff: diffGovernanceChange(subjectOf(proposal).reviewedFields, proposal, inForce ?? null),
      auditTeamId: row.teamId,
    });
  }
  return described;
}

registerChangeKind("governance", {
  describe: describeGovernanceChanges,
  async lockTarget(tx, row) {
    const proposal = proposalOf(row);
    if (proposal.id) await subjectOf(proposal).lock(tx, proposal.id);
  },
  async isStale(tx, row) {
    const proposal = proposalOf(row);
    if (!proposal.id) return false;
    const now = (await subjectOf(proposal).findFields(tx, [proposal.id])).get(proposal.id);
    // Every write of a policy or objective moves its `updated_at`; a deleted one is stale too.
    return !now || now.updated_at !== row.baseline?.updated_at;
  },
  async apply(tx, approver, row) {
    const proposal = proposalOf(row);
    await subjectOf(proposal).apply(tx, approver, proposal, row.teamId);
  },
  supersedes(row) {
    const proposal = proposalOf(row);
    return proposal.id ? { kind: "governance", proposal: { subject: proposal.subject, id: proposal.id } } : null;
  },
  changed,
});
