import { z } from "zod";
import { CHANGE_REQUEST_KINDS, CHANGE_REQUEST_STATES } from "../../db/schema.js";
import { commentField, named, nullableTimestamp, timestamp, toIso, toIsoOrNull } from "../../http/schemas.js";
import type { CommentRow, PersonSummary } from "./change-requests.repository.js";
import type { ChangeRequestView } from "./change-requests.service.js";

const personResponse = z.object({ id: z.string(), username: z.string(), display_name: z.string().nullable() });

export const commentResponse = z.object({
  id: z.string(),
  author: personResponse.nullable(),
  body: z.string(),
  created_at: timestamp,
});

export const changeRequestResponse = z.object({
  id: z.string(),
  kind: z
    .enum(CHANGE_REQUEST_KINDS)
    .describe("`label`: move or clear a protected label; `governance`: a policy or objective change"),
  state: z
    .enum(CHANGE_REQUEST_STATES)
    .describe("`stale`: what it was based on changed since; a reviewer re-confirms it with `confirm_stale`"),
  title: z.string(),
  author: personResponse.nullable(),
  created_at: timestamp,
  updated_at: timestamp,
  decided_by: personResponse.nullable(),
  decided_at: nullableTimestamp,
  reason: z.string().nullable().describe("Why it was rejected"),
  prompt: z.object({ id: z.string(), name: z.string() }).nullable(),
  label: z.string().nullable(),
  version: z.string().nullable().describe("The version proposed for the label; null clears the label"),
  base_version: z.string().nullable().describe("What the label pointed at when the change was proposed"),
  served_version: z.string().nullable().describe("What the label points at now"),
  team: z.object({ id: z.string(), name: z.string() }).nullable().describe("Governance kind: the team changed"),
  proposal: z.record(z.string(), z.unknown()).nullable().describe("Governance kind: the change proposed"),
  diff: z
    .array(z.object({ field: z.string(), before: z.string().nullable(), after: z.string().nullable() }))
    .describe("The fields the change would change, against what is in force now"),
  comment_count: z.number().int(),
  can_approve: z.boolean(),
  can_reject: z.boolean(),
  can_withdraw: z.boolean(),
  comments: z.array(commentResponse).optional().describe("Oldest first; only when one request is fetched"),
});

export const changeRequestListResponse = z.object({
  items: z.array(changeRequestResponse),
  total: z.number().int(),
  page: z.number().int(),
  page_size: z.number().int(),
});

export const changeRequestListQuery = z.object({
  state: z.enum(CHANGE_REQUEST_STATES).optional(),
  prompt: z.string().min(1).max(100).optional().describe("Requests on this prompt (by name)"),
  mine: z.stringbool().default(false).describe("Only requests I proposed"),
  to_review: z.stringbool().default(false).describe("Only open requests I may approve"),
  page: z.coerce.number().int().min(1).default(1),
  page_size: z.coerce.number().int().min(1).max(100).default(20),
});

export const changeRequestParams = z.object({ id: z.uuid({ error: "id must be a UUID" }) });

export const approveBody = z
  .object({
    comment: commentField.optional().describe("Added to the thread with the approval"),
    confirm_stale: z
      .boolean()
      .default(false)
      .describe("Apply even though what the request was based on changed since it was proposed"),
  })
  .nullish()
  .describe("Optional: a comment for the thread, and `confirm_stale` to apply a stale request");

export const rejectBody = z.object({
  reason: named("RejectionReason", z.string().trim().min(1, { error: "must not be empty" }).max(2000)),
});

export const commentBody = z.object({ body: commentField });

const toPerson = (person: PersonSummary | null) =>
  person ? { id: person.id, username: person.username, display_name: person.displayName } : null;

export const toCommentResponse = (comment: CommentRow): z.infer<typeof commentResponse> => ({
  id: comment.id,
  author: toPerson(comment.author),
  body: comment.body,
  created_at: toIso(comment.createdAt),
});

export function toChangeRequestResponse(view: ChangeRequestView): z.infer<typeof changeRequestResponse> {
  const { request, description } = view;
  return {
    id: request.id,
    kind: request.kind,
    state: request.state,
    title: request.title,
    author: toPerson(view.author),
    created_at: toIso(request.createdAt),
    updated_at: toIso(request.updatedAt),
    decided_by: toPerson(view.decidedBy),
    decided_at: toIsoOrNull(request.decidedAt),
    reason: request.reason,
    prompt: description.prompt,
    label: description.label,
    version: description.version,
    base_version: description.baseVersion,
    served_version: description.servedVersion,
    team: description.team,
    proposal: description.proposal,
    diff: description.diff,
    comment_count: view.commentCount,
    can_approve: view.canApprove,
    can_reject: view.canReject,
    can_withdraw: view.canWithdraw,
    ...(view.comments ? { comments: view.comments.map(toCommentResponse) } : {}),
  };
}
