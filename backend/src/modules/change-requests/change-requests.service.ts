import type { Db } from "../../db/client.js";
import { markChanged } from "../../db/read-cache.js";
import type { ChangeRequestState } from "../../db/schema.js";
import { conflict, forbidden, notFound } from "../../http/errors.js";
import type { Principal } from "../../http/types.js";
import { assertMayReviewChange, changeRequestAudience, mayReviewChange } from "../access/access.service.js";
import { recordAudit } from "../audit/audit.recorder.js";
import { type ChangeDescription, changeKindOf, describeChanges } from "./change-kinds.js";
import {
  type ChangeRequestListing,
  type CommentRow,
  createChangeRequest,
  createComment,
  findChangeRequestListing,
  findChangeRequests,
  findComments,
  lockChangeRequest,
  markOpenRequestsStale,
  updateChangeRequest,
} from "./change-requests.repository.js";
import type { ChangeRequestAudience, ChangeRequestRow, NewChangeRequest } from "./change-requests.types.js";

export { type ChangeDescription, type ChangeKind, type DiffEntry, registerChangeKind } from "./change-kinds.js";

/** A request as one caller sees it: what it proposes now, and what the caller may do with it. */
export type ChangeRequestView = ChangeRequestListing & {
  description: ChangeDescription;
  canApprove: boolean;
  canReject: boolean;
  canWithdraw: boolean;
  comments?: CommentRow[];
};

export type ChangeRequestListOptions = {
  state?: ChangeRequestState;
  promptName?: string;
  mine: boolean;
  toReview: boolean;
  page: number;
  pageSize: number;
};

/** Requests still waiting for a decision: open ones, and stale ones a reviewer may re-confirm. */
const isUndecided = (row: ChangeRequestRow) => row.state === "open" || row.state === "stale";

const requestNotFound = () => notFound("Change request not found", "change_request_not_found");

function viewOf(
  principal: Principal,
  audience: ChangeRequestAudience,
  listing: ChangeRequestListing,
  description: ChangeDescription,
): ChangeRequestView {
  const { request } = listing;
  const reviewer =
    isUndecided(request) &&
    mayReviewChange(principal, audience, { authorId: request.authorId, reviewTeamId: listing.reviewTeamId });
  return {
    ...listing,
    description,
    canApprove: reviewer,
    canReject: reviewer,
    canWithdraw: isUndecided(request) && request.authorId === principal.user.id,
  };
}

async function viewsOf(
  db: Db,
  principal: Principal,
  audience: ChangeRequestAudience,
  listings: ChangeRequestListing[],
): Promise<ChangeRequestView[]> {
  const described = await describeChanges(
    db,
    listings.map((listing) => listing.request),
  );
  return listings.map((listing) => {
    const description = described.get(listing.request.id);
    if (!description) throw new Error(`change request ${listing.request.id} was not described`);
    return viewOf(principal, audience, listing, description);
  });
}

/** Requests the caller may see, newest first, one page at a time with the exact total. */
export async function listChangeRequests(
  db: Db,
  principal: Principal,
  options: ChangeRequestListOptions,
): Promise<{ items: ChangeRequestView[]; total: number }> {
  const audience = await changeRequestAudience(db, principal);
  const { rows, total } = await findChangeRequests(db, {
    audience,
    state: options.state,
    promptName: options.promptName,
    authorId: options.mine ? principal.user.id : undefined,
    reviewableBy: options.toReview
      ? { userId: principal.user.id, teamIds: audience.kind === "all" ? "all" : audience.managedTeamIds }
      : undefined,
    limit: options.pageSize,
    offset: (options.page - 1) * options.pageSize,
  });
  return { items: await viewsOf(db, principal, audience, rows), total };
}

/** One request the caller may see, with its comments; 404 otherwise. */
export async function getChangeRequest(db: Db, principal: Principal, id: string): Promise<ChangeRequestView> {
  const audience = await changeRequestAudience(db, principal);
  const listing = await findChangeRequestListing(db, id, audience);
  if (!listing) throw requestNotFound();
  const [[view], comments] = await Promise.all([viewsOf(db, principal, audience, [listing]), findComments(db, id)]);
  if (!view) throw requestNotFound();
  return { ...view, comments };
}

const auditTarget = (row: ChangeRequestRow) => ({ type: "change_request", id: row.id, name: row.title });

async function auditTeamOf(db: Db, row: ChangeRequestRow): Promise<string | null> {
  return (await describeChanges(db, [row])).get(row.id)?.auditTeamId ?? null;
}

/**
 * Opens a request inside the caller's transaction (the feature proposing the change has already
 * checked that the author may propose it); `comment` starts its thread.
 */
export async function openChangeRequest(
  tx: Db,
  author: Principal,
  values: Omit<NewChangeRequest, "authorId" | "state">,
  options: { comment?: string; auditTeamId: string | null },
): Promise<ChangeRequestRow> {
  const row = await createChangeRequest(tx, { ...values, authorId: author.user.id, state: "open" });
  if (options.comment)
    await createComment(tx, { changeRequestId: row.id, authorId: author.user.id, body: options.comment });
  await recordAudit(tx, author, {
    action: "change_request.opened",
    target: auditTarget(row),
    teamId: options.auditTeamId,
    after: {
      kind: row.kind,
      title: row.title,
      label: row.label,
      ...(options.comment ? { comment: options.comment } : {}),
    },
  });
  return row;
}

type Decision = {
  principal: Principal;
  audience: ChangeRequestAudience;
  listing: ChangeRequestListing;
};

/** The request as the caller sees it, 404 when they may not; no lock yet. */
async function loadForDecision(db: Db, principal: Principal, id: string): Promise<Decision> {
  const audience = await changeRequestAudience(db, principal);
  const listing = await findChangeRequestListing(db, id, audience);
  if (!listing) throw requestNotFound();
  return { principal, audience, listing };
}

/** The request locked and re-read, refused with 409 once decided. */
async function lockUndecided(tx: Db, id: string): Promise<ChangeRequestRow> {
  const row = await lockChangeRequest(tx, id);
  if (!row) throw requestNotFound();
  if (!isUndecided(row)) {
    throw conflict(`This change request is already ${row.state}: nothing is left to decide`, "change_request_closed");
  }
  return row;
}

/**
 * Approves and applies a request in one transaction. If what it was based on changed since it was
 * proposed, it is marked stale and the call answers 409 `change_request_stale`, unless
 * `confirmStale` says the reviewer has seen the change against what is in force now. Other open
 * requests on the same target become stale.
 */
export async function approveChangeRequest(
  db: Db,
  principal: Principal,
  id: string,
  options: { comment?: string; confirmStale: boolean },
): Promise<ChangeRequestView> {
  const { audience, listing } = await loadForDecision(db, principal, id);
  const kind = changeKindOf(listing.request);
  const outcome = await db.transaction(async (tx) => {
    await kind.lockTarget(tx, listing.request);
    const row = await lockUndecided(tx, id);
    assertMayReviewChange(
      principal,
      audience,
      { authorId: row.authorId, reviewTeamId: listing.reviewTeamId },
      "approve",
    );
    if ((await kind.isStale(tx, row)) && !options.confirmStale) {
      if (row.state === "open") await updateChangeRequest(tx, id, { state: "stale" });
      return "stale" as const;
    }
    await kind.apply(tx, principal, row);
    await updateChangeRequest(tx, id, { state: "approved", decidedById: principal.user.id, decided: true });
    if (options.comment)
      await createComment(tx, { changeRequestId: id, authorId: principal.user.id, body: options.comment });
    const scope = kind.supersedes(row);
    if (scope) await markOpenRequestsStale(tx, scope, id);
    await recordAudit(tx, principal, {
      action: "change_request.approved",
      target: auditTarget(row),
      teamId: await auditTeamOf(tx, row),
      before: { state: row.state },
      after: { state: "approved", ...(options.comment ? { comment: options.comment } : {}) },
    });
    return "approved" as const;
  });
  if (outcome === "stale") {
    throw conflict(
      "What this change request was based on has changed since it was proposed: review the change against what " +
        "is in force now, then approve again with confirm_stale",
      "change_request_stale",
    );
  }
  if (kind.changed.length > 0) markChanged(db, ...kind.changed);
  return getChangeRequest(db, principal, id);
}

/** Rejects a request with the reviewer's reason; the same people may reject as may approve. */
export async function rejectChangeRequest(
  db: Db,
  principal: Principal,
  id: string,
  reason: string,
): Promise<ChangeRequestView> {
  const { audience, listing } = await loadForDecision(db, principal, id);
  await db.transaction(async (tx) => {
    const row = await lockUndecided(tx, id);
    assertMayReviewChange(
      principal,
      audience,
      { authorId: row.authorId, reviewTeamId: listing.reviewTeamId },
      "reject",
    );
    await updateChangeRequest(tx, id, { state: "rejected", decidedById: principal.user.id, reason, decided: true });
    await recordAudit(tx, principal, {
      action: "change_request.rejected",
      target: auditTarget(row),
      teamId: await auditTeamOf(tx, row),
      before: { state: row.state },
      after: { state: "rejected", reason },
    });
  });
  return getChangeRequest(db, principal, id);
}

/** Withdraws a request; only its author may. */
export async function withdrawChangeRequest(db: Db, principal: Principal, id: string): Promise<ChangeRequestView> {
  await loadForDecision(db, principal, id);
  await db.transaction(async (tx) => {
    const row = await lockUndecided(tx, id);
    if (row.authorId !== principal.user.id) {
      throw forbidden("Only the author of a change request may withdraw it", "not_author");
    }
    await updateChangeRequest(tx, id, { state: "withdrawn", decided: true });
    await recordAudit(tx, principal, {
      action: "change_request.withdrawn",
      target: auditTarget(row),
      teamId: await auditTeamOf(tx, row),
      before: { state: row.state },
      after: { state: "withdrawn" },
    });
  });
  return getChangeRequest(db, principal, id);
}

/** Adds a comment to a request; anyone who can see it may, whatever its state. */
export async function commentOnChangeRequest(
  db: Db,
  principal: Principal,
  id: string,
  body: string,
): Promise<CommentRow> {
  const { listing } = await loadForDecision(db, principal, id);
  const created = await db.transaction(async (tx) => {
    const comment = await createComment(tx, { changeRequestId: id, authorId: principal.user.id, body });
    await recordAudit(tx, principal, {
      action: "change_request.commented",
      target: auditTarget(listing.request),
      teamId: await auditTeamOf(tx, listing.request),
      after: { comment: body },
    });
    return comment;
  });
  const { user } = principal;
  return {
    id: created.id,
    author: { id: user.id, username: user.username, displayName: user.displayName },
    body,
    createdAt: created.createdAt,
  };
}
