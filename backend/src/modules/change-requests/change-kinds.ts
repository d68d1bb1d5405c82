import type { ChangedData } from "../../db/change-feed.js";
import type { Db } from "../../db/client.js";
import type { ChangeRequestKind } from "../../db/schema.js";
import { AppError } from "../../http/errors.js";
import type { Principal } from "../../http/types.js";
import type { StaleScope } from "./change-requests.repository.js";
import type { ChangeRequestRow } from "./change-requests.types.js";

/** One changed field, as text: before (what is in force now) and after (what the request proposes). */
export type DiffEntry = { field: string; before: string | null; after: string | null };

/** What a request proposes against what is in force now, as its kind describes it. */
export type ChangeDescription = {
  prompt: { id: string; name: string } | null;
  label: string | null;
  /** Proposed version (label kind); null clears the label. */
  version: string | null;
  baseVersion: string | null;
  servedVersion: string | null;
  team: { id: string; name: string } | null;
  proposal: Record<string, unknown> | null;
  diff: DiffEntry[];
  /** The team whose subtree the change belongs to, for the audit log. */
  auditTeamId: string | null;
};

/**
 * What the review machinery needs from each kind of change. A feature that puts its changes
 * under review registers one (`registerChangeKind`) when its service loads; approving calls, in
 * one transaction: `lockTarget`, `isStale`, `apply`, then marks the open requests in
 * `supersedes` stale.
 */
export type ChangeKind = {
  /** Describes a page of requests of this kind at once. */
  describe(db: Db, rows: ChangeRequestRow[]): Promise<Map<string, ChangeDescription>>;
  /**
   * Locks what approval changes, before the request itself is locked: every approval takes its
   * locks in that order, so two approvals on one target wait for each other instead of deadlocking.
   */
  lockTarget(tx: Db, row: ChangeRequestRow): Promise<void>;
  /** Whether what the request was based on changed since it was proposed. */
  isStale(tx: Db, row: ChangeRequestRow): Promise<boolean>;
  /** Makes the change in the approval's transaction, recording its own audit events as `approver`. */
  apply(tx: Db, approver: Principal, row: ChangeRequestRow): Promise<void>;
  /** The other open requests an approval of `row` makes stale (those on the same target); null for none. */
  supersedes(row: ChangeRequestRow): StaleScope | null;
  /** What approval changes that is cached, named after commit. */
  changed: ChangedData[];
};

const kinds = new Map<ChangeRequestKind, ChangeKind>();

export function registerChangeKind(kind: ChangeRequestKind, handler: ChangeKind): void {
  kinds.set(kind, handler);
}

export function changeKindOf(row: Pick<ChangeRequestRow, "kind">): ChangeKind {
  const handler = kinds.get(row.kind);
  // A request of a kind whose feature is not loaded cannot be described or applied.
  if (!handler)
    throw new AppError(500, "change_kind_unavailable", `No handler for change requests of kind '${row.kind}'`);
  return handler;
}

/** Describes rows of any kinds, one batch per kind. */
export async function describeChanges(db: Db, rows: ChangeRequestRow[]): Promise<Map<string, ChangeDescription>> {
  const byKind = new Map<ChangeRequestKind, ChangeRequestRow[]>();
  for (const row of rows) byKind.set(row.kind, [...(byKind.get(row.kind) ?? []), row]);
  const described = new Map<string, ChangeDescription>();
  for (const [kind, group] of byKind) {
    for (const [id, description] of await changeKindOf({ kind }).describe(db, group)) described.set(id, description);
  }
  return described;
}
