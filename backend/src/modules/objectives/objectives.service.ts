import { z } from "zod";
import type { Db } from "../../db/client.js";
import { markChanged } from "../../db/read-cache.js";
import { notFound } from "../../http/errors.js";
import type { Principal } from "../../http/types.js";
import { withoutUndefined } from "../../lib/objects.js";
import { assertCanManageGovernance, assertCanReadGovernance, type GovernanceOwner } from "../access/access.service.js";
import { auditedFields, recordAudit } from "../audit/audit.recorder.js";
import {
  type GovernanceChange,
  type GovernanceFields,
  proposeGovernanceChange,
  registerGovernanceSubject,
} from "../change-requests/governance-review.service.js";
import {
  explainOwnerWriteError,
  isUnderGovernanceReview,
  teamOfGovernanceOwner,
} from "../governance/governance.service.js";
import type { ObjectiveRow } from "../governance/governance.types.js";
import { getProject } from "../projects/projects.service.js";
import {
  createObjective,
  deleteObjective,
  findObjectiveById,
  findObjectives,
  findObjectivesByIds,
  lockObjective,
  type NewObjective,
  type ObjectiveFilter,
  updateObjective,
} from "./objectives.repository.js";
import { toObjectiveResponse } from "./objectives.schemas.js";

export type ObjectiveInput = {
  owner: GovernanceOwner;
  title: string;
  description?: string | null;
  parentObjectiveId?: string | null;
  status: string;
};

/** Absent fields stay as they are. */
export type ObjectiveChanges = { title?: string; description?: string; status?: string };

const objectiveNotFound = () => notFound("Objective not found", "objective_not_found");
const parentNotFound = () => notFound("Parent objective not found", "parent_objective_not_found");

const scopeOf = (row: ObjectiveRow) => ({
  teamId: row.teamId ?? undefined,
  projectId: row.projectId ?? undefined,
  userId: row.userId ?? undefined,
});

const objectiveTarget = (objective: ObjectiveRow) => ({ type: "objective", id: objective.id, name: objective.title });
// Whether it was inherited depends on who looks, not on the objective.
const objectiveFields = (objective: ObjectiveRow) => {
  const { is_inherited: _inherited, ...fields } = auditedFields(toObjectiveResponse(objective, false));
  return fields;
};
const ownerOf = (objective: ObjectiveRow): GovernanceOwner => ({
  teamId: objective.teamId,
  projectId: objective.projectId,
  userId: objective.userId,
});

/** The fields a review of an objective change compares, as the API names them. */
const REVIEWED_FIELDS = ["title", "description", "status", "parent_objective_id"] as const;

/** An objective's fields as proposed in a change request; the service wrote them from validated input. */
const proposedFields = z.object({
  title: z.string(),
  description: z.string().nullable(),
  status: z.string(),
  parent_objective_id: z.string().nullable(),
});

type ObjectiveValues = Partial<Pick<NewObjective, "title" | "description" | "status" | "parentObjectiveId">>;

const fieldsOfValues = (values: ObjectiveValues): GovernanceFields =>
  withoutUndefined({
    title: values.title,
    description: values.description,
    status: values.status,
    parent_objective_id: values.parentObjectiveId,
  });

function valuesOfFields(fields: GovernanceFields): ObjectiveValues {
  const parsed = proposedFields.partial().parse(fields);
  return withoutUndefined({
    title: parsed.title,
    description: parsed.description,
    status: parsed.status,
    parentObjectiveId: parsed.parent_objective_id,
  });
}

/** An objective as a review sees it: its API fields, `updated_at` included (staleness compares it). */
const subjectFields = (objective: ObjectiveRow): GovernanceFields => {
  const { is_inherited: _inherited, ...fields } = toObjectiveResponse(objective, false);
  return fields;
};

async function insertObjective(
  tx: Db,
  principal: Principal,
  values: NewObjective,
  teamId: string | null,
): Promise<ObjectiveRow> {
  const objective = await createObjective(tx, values);
  await recordAudit(tx, principal, {
    action: "objective.created",
    target: objectiveTarget(objective),
    teamId,
    after: objectiveFields(objective),
  });
  return objective;
}

async function writeObjectiveChanges(
  tx: Db,
  principal: Principal,
  objective: ObjectiveRow,
  values: ObjectiveValues,
  teamId: string | null,
): Promise<ObjectiveRow> {
  const updated = await updateObjective(tx, objective.id, values);
  if (!updated) throw objectiveNotFound();
  await recordAudit(tx, principal, {
    action: "objective.updated",
    target: objectiveTarget(updated),
    teamId,
    before: objectiveFields(objective),
    after: objectiveFields(updated),
  });
  return updated;
}

async function deleteObjectiveRecorded(tx: Db, principal: Principal, objective: ObjectiveRow, teamId: string | null) {
  await deleteObjective(tx, objective.id);
  await recordAudit(tx, principal, {
    action: "objective.deleted",
    target: objectiveTarget(objective),
    teamId,
    before: objectiveFields(objective),
  });
}

/**
 * Creates an objective for a team, project or user the caller may set objectives for. When the
 * team's governance is under review, it opens a change request proposing the objective instead.
 */
export async function addObjective(
  db: Db,
  principal: Principal,
  input: ObjectiveInput,
): Promise<GovernanceChange<ObjectiveRow>> {
  await assertCanManageGovernance(db, principal, input.owner, "objective");
  if (input.parentObjectiveId && !(await findObjectiveById(db, input.parentObjectiveId))) throw parentNotFound();
  const values = {
    title: input.title,
    description: input.description ?? null,
    parentObjectiveId: input.parentObjectiveId ?? null,
    status: input.status,
  };
  if (await isUnderGovernanceReview(db, input.owner)) {
    const changeRequest = await proposeGovernanceChange(db, principal, {
      proposal: { subject: "objective", operation: "create", changes: fieldsOfValues(values) },
      teamId: input.owner.teamId,
      baseline: null,
    });
    return { kind: "proposed", changeRequest };
  }
  const teamId = await teamOfGovernanceOwner(db, input.owner);
  try {
    const objective = await db.transaction((tx) =>
      insertObjective(tx, principal, { ...input.owner, ...values }, teamId),
    );
    markChanged(db, "objectives");
    return { kind: "applied", value: objective };
  } catch (error) {
    throw explainOwnerWriteError(error);
  }
}

/** Creates an objective for a project; a project's governance is never under review. */
export async function addProjectObjective(
  db: Db,
  principal: Principal,
  projectId: string,
  input: Omit<ObjectiveInput, "owner">,
): Promise<ObjectiveRow> {
  const change = await addObjective(db, principal, { ...input, owner: { teamId: null, projectId, userId: null } });
  if (change.kind === "proposed") throw new Error("a project's objective was sent for review");
  return change.value;
}

/** Every objective (any status) of one team, project or user the caller may read. */
export async function listObjectives(
  db: Db,
  principal: Principal,
  filter: Omit<ObjectiveFilter, "status">,
): Promise<ObjectiveRow[]> {
  await assertCanReadGovernance(db, principal, filter);
  return findObjectives(db, filter);
}

/** A project's active objectives, oldest first. */
export async function listActiveProjectObjectives(
  db: Db,
  principal: Principal,
  projectId: string,
): Promise<ObjectiveRow[]> {
  await getProject(db, projectId);
  await assertCanReadGovernance(db, principal, { projectId });
  return findObjectives(db, { projectId, status: "active" });
}

/** One objective, for callers who may read its owner's governance. */
export async function getObjective(db: Db, principal: Principal, objectiveId: string): Promise<ObjectiveRow> {
  const objective = await findObjectiveById(db, objectiveId);
  if (!objective) throw objectiveNotFound();
  await assertCanReadGovernance(db, principal, scopeOf(objective));
  return objective;
}

/**
 * Edits an objective's title, description or status (only `active` ones apply), or proposes the
 * edit when under review.
 */
export async function changeObjective(
  db: Db,
  principal: Principal,
  objectiveId: string,
  changes: ObjectiveChanges,
): Promise<GovernanceChange<ObjectiveRow>> {
  const objective = await findManagedObjective(db, principal, objectiveId);
  const values: ObjectiveValues = withoutUndefined({
    title: changes.title,
    description: changes.description,
    status: changes.status,
  });
  if (await isUnderGovernanceReview(db, ownerOf(objective))) {
    const baseline = subjectFields(objective);
    // Only what would change is proposed; a save that changes nothing opens no request.
    const proposed = Object.fromEntries(
      Object.entries(fieldsOfValues(values)).filter(([field, value]) => baseline[field] !== value),
    );
    if (Object.keys(proposed).length === 0) return { kind: "applied", value: objective };
    const changeRequest = await proposeGovernanceChange(db, principal, {
      proposal: { subject: "objective", operation: "update", id: objective.id, changes: proposed },
      teamId: objective.teamId,
      baseline,
    });
    return { kind: "proposed", changeRequest };
  }
  if (Object.keys(values).length === 0) return { kind: "applied", value: objective };
  const teamId = await teamOfGovernanceOwner(db, ownerOf(objective));
  const updated = await db.transaction((tx) => writeObjectiveChanges(tx, principal, objective, values, teamId));
  markChanged(db, "objectives");
  return { kind: "applied", value: updated };
}

/**
 * Deletes an objective (objectives under it keep existing without a parent), or proposes deleting
 * it when under review.
 */
export async function removeObjective(
  db: Db,
  principal: Principal,
  objectiveId: string,
): Promise<GovernanceChange<null>> {
  const objective = await findManagedObjective(db, principal, objectiveId);
  if (await isUnderGovernanceReview(db, ownerOf(objective))) {
    const changeRequest = await proposeGovernanceChange(db, principal, {
      proposal: { subject: "objective", operation: "delete", id: objective.id, changes: {} },
      teamId: objective.teamId,
      baseline: subjectFields(objective),
    });
    return { kind: "proposed", changeRequest };
  }
  const teamId = await teamOfGovernanceOwner(db, ownerOf(objective));
  await db.transaction((tx) => deleteObjectiveRecorded(tx, principal, objective, teamId));
  markChanged(db, "objectives");
  return { kind: "applied", value: null };
}

async function findManagedObjective(db: Db, principal: Principal, objectiveId: string): Promise<ObjectiveRow> {
  const objective = await findObjectiveById(db, objectiveId);
  if (!objective) throw objectiveNotFound();
  await assertCanManageGovernance(db, principal, ownerOf(objective), "objective");
  return objective;
}

const objectiveGone = () =>
  notFound("The objective this change request is about no longer exists", "objective_not_found");

/** An approved change request makes the objective change it proposed, as its approver. */
registerGovernanceSubject("objective", {
  noun: "Objective",
  nameField: "title",
  reviewedFields: REVIEWED_FIELDS,
  async findFields(db, ids) {
    return new Map((await findObjectivesByIds(db, ids)).map((objective) => [objective.id, subjectFields(objective)]));
  },
  async lock(tx, id) {
    await lockObjective(tx, id);
  },
  async apply(tx, approver, proposal, teamId) {
    if (proposal.operation === "create") {
      const values = proposedFields.partial({ description: true, parent_objective_id: true }).parse(proposal.changes);
      const parentId = values.parent_objective_id ?? null;
      if (parentId && !(await findObjectiveById(tx, parentId))) throw parentNotFound();
      await insertObjective(
        tx,
        approver,
        {
          teamId,
          projectId: null,
          userId: null,
          title: values.title,
          description: values.description ?? null,
          parentObjectiveId: parentId,
          status: values.status,
        },
        teamId,
      );
      return;
    }
    const objective = proposal.id ? await findObjectiveById(tx, proposal.id) : null;
    if (!objective) throw objectiveGone();
    if (proposal.operation === "update") {
      await writeObjectiveChanges(tx, approver, objective, valuesOfFields(proposal.changes), teamId);
    } else {
      await deleteObjectiveRecorded(tx, approver, objective, teamId);
    }
  },
  changed: "objectives",
});
