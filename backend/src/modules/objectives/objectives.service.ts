import type { Db } from "../../db/client.js";
import { markChanged } from "../../db/read-cache.js";
import { notFound } from "../../http/errors.js";
import type { Principal } from "../../http/types.js";
import { assertCanManageGovernance, assertCanReadGovernance, type GovernanceOwner } from "../access/access.service.js";
import { auditedFields, recordAudit } from "../audit/audit.recorder.js";
import type { ObjectiveRow } from "../governance/governance.repository.js";
import { explainOwnerWriteError, teamOfGovernanceOwner } from "../governance/governance.service.js";
import { getProject } from "../projects/projects.service.js";
import {
  createObjective,
  deleteObjective,
  findObjectiveById,
  findObjectives,
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

/** Creates an objective for a team, project or user the caller may set objectives for. */
export async function addObjective(db: Db, principal: Principal, input: ObjectiveInput): Promise<ObjectiveRow> {
  await assertCanManageGovernance(db, principal, input.owner, "objective");
  if (input.parentObjectiveId && !(await findObjectiveById(db, input.parentObjectiveId))) {
    throw notFound("Parent objective not found", "parent_objective_not_found");
  }
  const teamId = await teamOfGovernanceOwner(db, input.owner);
  try {
    const objective = await db.transaction(async (tx) => {
      const objective = await createObjective(tx, {
        ...input.owner,
        title: input.title,
        description: input.description ?? null,
        parentObjectiveId: input.parentObjectiveId ?? null,
        status: input.status,
      });
      await recordAudit(tx, principal, {
        action: "objective.created",
        target: objectiveTarget(objective),
        teamId,
        after: objectiveFields(objective),
      });
      return objective;
    });
    markChanged(db, "objectives");
    return objective;
  } catch (error) {
    throw explainOwnerWriteError(error);
  }
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

/** Edits an objective's title, description or status; only `active` ones apply. */
export async function changeObjective(
  db: Db,
  principal: Principal,
  objectiveId: string,
  changes: ObjectiveChanges,
): Promise<ObjectiveRow> {
  const objective = await findManagedObjective(db, principal, objectiveId);
  const values: Partial<NewObjective> = {};
  if (changes.title !== undefined) values.title = changes.title;
  if (changes.description !== undefined) values.description = changes.description;
  if (changes.status !== undefined) values.status = changes.status;
  if (Object.keys(values).length === 0) return objective;
  const teamId = await teamOfGovernanceOwner(db, ownerOf(objective));
  const updated = await db.transaction(async (tx) => {
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
  });
  markChanged(db, "objectives");
  return updated;
}

/** Deletes an objective; objectives under it keep existing without a parent. */
export async function removeObjective(db: Db, principal: Principal, objectiveId: string): Promise<void> {
  const objective = await findManagedObjective(db, principal, objectiveId);
  const teamId = await teamOfGovernanceOwner(db, ownerOf(objective));
  await db.transaction(async (tx) => {
    await deleteObjective(tx, objective.id);
    await recordAudit(tx, principal, {
      action: "objective.deleted",
      target: objectiveTarget(objective),
      teamId,
      before: objectiveFields(objective),
    });
  });
  markChanged(db, "objectives");
}

async function findManagedObjective(db: Db, principal: Principal, objectiveId: string): Promise<ObjectiveRow> {
  const objective = await findObjectiveById(db, objectiveId);
  if (!objective) throw objectiveNotFound();
  await assertCanManageGovernance(db, principal, ownerOf(objective), "objective");
  return objective;
}
