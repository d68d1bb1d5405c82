import type { Db } from "../../db/client.js";
import { announceChange } from "../../db/read-cache.js";
import type { Visibility, WorkflowStepDefinition } from "../../db/schema.js";
import { notFound, unprocessable } from "../../http/errors.js";
import type { Principal } from "../../http/types.js";
import {
  assertCanUseProject,
  assertOwnerOrAdmin,
  canView,
  isAdmin,
  isOwnerOrAdmin,
  requireUser,
} from "../access/access.service.js";
import { auditedFields, recordAudit } from "../audit/audit.recorder.js";
import { canSeePromptVersion } from "../prompts/prompts.service.js";
import {
  addShare,
  auditedGrantee,
  type Grantee,
  listShares,
  removeShare,
  type ShareRow,
} from "../shares/shares.service.js";
import { getUser } from "../users/users.service.js";
import { findGraphProblems } from "./workflow-graph.js";
import {
  createWorkflow,
  deleteWorkflow,
  findWorkflowById,
  findWorkflowPage,
  findWorkflows,
  updateWorkflow,
  type WorkflowFilter,
  type WorkflowRow,
} from "./workflows.repository.js";
import { toWorkflowResponse } from "./workflows.schemas.js";
import type { WorkflowPageKey } from "./workflows.types.js";

export type WorkflowDraft = {
  name: string;
  description?: string | null;
  projectId?: string | null;
  visibility: Visibility;
  steps: WorkflowStepDefinition[];
};

/**
 * Refuses a step list that could never run: a broken graph, or a step naming a prompt (or
 * version) that the author cannot see. Every problem is named in one 422.
 */
async function assertRunnableSteps(db: Db, author: Principal, steps: WorkflowStepDefinition[]): Promise<void> {
  const problems = findGraphProblems(steps).map((problem) => problem.message);
  if (problems.length === 0) {
    for (const step of steps) {
      const ref = { name: step.prompt_name, version: step.prompt_version, label: step.label };
      const visible = await canSeePromptVersion(db, author, ref);
      if (!visible) {
        const what = step.prompt_version
          ? `version '${step.prompt_version}' of prompt`
          : step.label
            ? `label '${step.label}' of prompt`
            : "prompt";
        problems.push(
          `Step '${step.id}' uses ${what} '${step.prompt_name}', which does not exist or is not visible to you`,
        );
      }
    }
  }
  if (problems.length > 0) throw unprocessable(problems.join("; "), "invalid_workflow");
}

/** A workflow the caller may see; anything else is a 404 so names and ids don't leak. */
export async function getVisibleWorkflow(db: Db, principal: Principal | null, id: string): Promise<WorkflowRow> {
  const found = await findWorkflowById(db, id, principal?.user.id ?? null);
  if (
    !found ||
    !canView(principal, {
      ownerId: found.workflow.userId,
      visibility: found.workflow.visibility,
      sharedWithCaller: found.sharedWithCaller,
    })
  ) {
    throw notFound("Workflow not found", "workflow_not_found");
  }
  return found.workflow;
}

/** Loads a workflow for a change only its owner or an admin may make. */
export async function getOwnedWorkflow(db: Db, principal: Principal | null, id: string): Promise<WorkflowRow> {
  const workflow = await getVisibleWorkflow(db, principal, id);
  assertOwnerOrAdmin(principal, workflow.userId, "workflow");
  return workflow;
}

/**
 * Whether the caller may change this workflow (its owner or an admin); false for one they cannot
 * see or that does not exist. Reads only.
 */
export async function canManageWorkflow(db: Db, principal: Principal | null, id: string): Promise<boolean> {
  const found = await findWorkflowById(db, id, principal?.user.id ?? null);
  return found !== null && isOwnerOrAdmin(principal, found.workflow.userId);
}

const workflowTarget = (workflow: WorkflowRow) => ({ type: "workflow", id: workflow.id, name: workflow.name });
const workflowFields = (workflow: WorkflowRow) => auditedFields(toWorkflowResponse(workflow));

/** The owner's team: its owners read the workflow's history. */
async function ownerTeamOf(db: Db, workflow: WorkflowRow): Promise<string | null> {
  return workflow.userId ? (await getUser(db, workflow.userId)).teamId : null;
}

/** Saves a new workflow owned by the caller, once its steps are known to be runnable. */
export async function createOwnWorkflow(
  db: Db,
  principal: Principal | null,
  draft: WorkflowDraft,
): Promise<WorkflowRow> {
  const caller = requireUser(principal);
  if (draft.projectId) await assertCanUseProject(db, caller, draft.projectId);
  await assertRunnableSteps(db, caller, draft.steps);
  return db.transaction(async (tx) => {
    const workflow = await createWorkflow(tx, {
      userId: caller.user.id,
      projectId: draft.projectId ?? null,
      name: draft.name,
      description: draft.description ?? null,
      visibility: draft.visibility,
      steps: draft.steps,
    });
    await recordAudit(tx, caller, {
      action: "workflow.created",
      target: workflowTarget(workflow),
      teamId: caller.user.teamId,
      after: workflowFields(workflow),
    });
    await announceChange(tx, "workflows");
    return workflow;
  });
}

const audienceOf = (principal: Principal | null) =>
  principal ? { userId: principal.user.id, isAdmin: isAdmin(principal) } : null;

export async function listWorkflows(
  db: Db,
  principal: Principal | null,
  filter: WorkflowFilter,
): Promise<WorkflowRow[]> {
  return findWorkflows(db, audienceOf(principal), filter);
}

export type WorkflowPageOptions = {
  limit: number;
  /** Starts just after this workflow (the `next` of the previous page). */
  after?: WorkflowPageKey;
  /** Skips this many more first (page numbers). */
  offset?: number;
};

export type WorkflowPage = {
  items: WorkflowRow[];
  /** How many workflows come after this page. */
  more: number;
  /** Where the next page starts; null on the last page. */
  next: WorkflowPageKey | null;
};

/** One page of the workflows the caller may see, newest update first. */
export async function pageWorkflows(
  db: Db,
  principal: Principal | null,
  options: WorkflowPageOptions,
): Promise<WorkflowPage> {
  const offset = options.offset ?? 0;
  const { rows, last, remaining } = await findWorkflowPage(db, audienceOf(principal), {
    limit: options.limit,
    offset,
    after: options.after,
  });
  const more = Math.max(0, remaining - offset - rows.length);
  return { items: rows, more, next: more > 0 ? last : null };
}

export type WorkflowChanges = Partial<Pick<WorkflowDraft, "name" | "description" | "visibility" | "steps">>;

/** Owner or admin; a new step list is validated like at creation. */
export async function changeWorkflow(
  db: Db,
  principal: Principal | null,
  id: string,
  changes: WorkflowChanges,
): Promise<WorkflowRow> {
  const workflow = await getOwnedWorkflow(db, principal, id);
  const caller = requireUser(principal);
  if (changes.steps) await assertRunnableSteps(db, caller, changes.steps);
  const teamId = await ownerTeamOf(db, workflow);
  return db.transaction(async (tx) => {
    const updated = await updateWorkflow(tx, id, changes);
    if (!updated) throw notFound("Workflow not found", "workflow_not_found");
    await recordAudit(tx, caller, {
      action: "workflow.updated",
      target: workflowTarget(updated),
      teamId,
      before: workflowFields(workflow),
      after: workflowFields(updated),
    });
    await announceChange(tx, "workflows");
    return updated;
  });
}

/** Deletes a workflow (owner or admin). */
export async function removeWorkflow(db: Db, principal: Principal | null, id: string): Promise<void> {
  const workflow = await getOwnedWorkflow(db, principal, id);
  const teamId = await ownerTeamOf(db, workflow);
  await db.transaction(async (tx) => {
    await deleteWorkflow(tx, id);
    await recordAudit(tx, requireUser(principal), {
      action: "workflow.deleted",
      target: workflowTarget(workflow),
      teamId,
      before: workflowFields(workflow),
    });
    await announceChange(tx, "workflows");
  });
}

/** Who the workflow is shared with (owner or admin). */
export async function listWorkflowShares(db: Db, principal: Principal | null, id: string): Promise<ShareRow[]> {
  const workflow = await getOwnedWorkflow(db, principal, id);
  return listShares(db, "workflow", workflow.id);
}

/**
 * Shares the workflow with a user or a team (owner or admin); sharing again answers the existing
 * share, unless it changes whether a team share includes sub-teams.
 */
export async function shareWorkflow(
  db: Db,
  principal: Principal | null,
  id: string,
  grantee: Grantee,
): Promise<ShareRow> {
  const workflow = await getOwnedWorkflow(db, principal, id);
  const teamId = await ownerTeamOf(db, workflow);
  return db.transaction(async (tx) => {
    const { share, change, before } = await addShare(tx, "workflow", workflow.id, grantee);
    if (change !== "none") {
      await recordAudit(tx, requireUser(principal), {
        action: "workflow.shared",
        target: workflowTarget(workflow),
        teamId,
        before: before ? auditedGrantee(before) : undefined,
        after: auditedGrantee(share),
      });
      await announceChange(tx, "workflows");
    }
    return share;
  });
}

/** Withdraws a share of the workflow with a user or a team (owner or admin); 404 when there is none. */
export async function unshareWorkflow(
  db: Db,
  principal: Principal | null,
  id: string,
  grantee: Grantee,
): Promise<void> {
  const workflow = await getOwnedWorkflow(db, principal, id);
  const teamId = await ownerTeamOf(db, workflow);
  await db.transaction(async (tx) => {
    const share = await removeShare(tx, "workflow", workflow.id, grantee);
    await recordAudit(tx, requireUser(principal), {
      action: "workflow.unshared",
      target: workflowTarget(workflow),
      teamId,
      before: auditedGrantee(share),
    });
    await announceChange(tx, "workflows");
  });
}
