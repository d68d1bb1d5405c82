import type { Db } from "../../db/client.js";
import type { Visibility, WorkflowStepDefinition } from "../../db/schema.js";
import { notFound, unprocessable } from "../../http/errors.js";
import type { Principal } from "../../http/types.js";
import { assertCanUseProject, assertOwnerOrAdmin, canView, isAdmin, requireUser } from "../access/access.service.js";
import { findLabeledVersion, findPromptVersion, findServedVersions } from "../prompts/prompts.repository.js";
import { findGraphProblems } from "./workflow-graph.js";
import {
  createWorkflow,
  deleteWorkflow,
  findWorkflowById,
  findWorkflows,
  updateWorkflow,
  type WorkflowFilter,
  type WorkflowRow,
} from "./workflows.repository.js";

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
    const unpinned = steps.filter((step) => !step.prompt_version && !step.label).map((step) => step.prompt_name);
    const served = await findServedVersions(db, unpinned, author.user.id);
    for (const step of steps) {
      const found = step.prompt_version
        ? await findPromptVersion(db, step.prompt_name, step.prompt_version, author.user.id)
        : step.label
          ? await findLabeledVersion(db, step.prompt_name, step.label, author.user.id)
          : served.get(step.prompt_name);
      const visible =
        found?.version &&
        canView(author, {
          ownerId: found.prompt.userId,
          visibility: found.prompt.visibility,
          sharedWithCaller: found.sharedWithCaller,
        });
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

/** Saves a new workflow owned by the caller, once its steps are known to be runnable. */
export async function createOwnWorkflow(
  db: Db,
  principal: Principal | null,
  draft: WorkflowDraft,
): Promise<WorkflowRow> {
  const caller = requireUser(principal);
  if (draft.projectId) await assertCanUseProject(db, caller, draft.projectId);
  await assertRunnableSteps(db, caller, draft.steps);
  return createWorkflow(db, {
    userId: caller.user.id,
    projectId: draft.projectId ?? null,
    name: draft.name,
    description: draft.description ?? null,
    visibility: draft.visibility,
    steps: draft.steps,
  });
}

export async function listWorkflows(
  db: Db,
  principal: Principal | null,
  filter: WorkflowFilter,
): Promise<WorkflowRow[]> {
  const audience = principal ? { userId: principal.user.id, isAdmin: isAdmin(principal) } : null;
  return findWorkflows(db, audience, filter);
}

export type WorkflowChanges = Partial<Pick<WorkflowDraft, "name" | "description" | "visibility" | "steps">>;

/** Owner or admin; a new step list is validated like at creation. */
export async function changeWorkflow(
  db: Db,
  principal: Principal | null,
  id: string,
  changes: WorkflowChanges,
): Promise<WorkflowRow> {
  await getOwnedWorkflow(db, principal, id);
  if (changes.steps) await assertRunnableSteps(db, requireUser(principal), changes.steps);
  const updated = await updateWorkflow(db, id, changes);
  if (!updated) throw notFound("Workflow not found", "workflow_not_found");
  return updated;
}

export async function removeWorkflow(db: Db, principal: Principal | null, id: string): Promise<void> {
  await getOwnedWorkflow(db, principal, id);
  await deleteWorkflow(db, id);
}
