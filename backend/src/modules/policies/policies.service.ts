import type { Db } from "../../db/client.js";
import { markChanged } from "../../db/read-cache.js";
import type { EnforcementType } from "../../db/schema.js";
import { notFound } from "../../http/errors.js";
import type { Principal } from "../../http/types.js";
import { assertCanManageGovernance, assertCanReadGovernance, type GovernanceOwner } from "../access/access.service.js";
import { auditedFields, recordAudit } from "../audit/audit.recorder.js";
import type { PolicyRow } from "../governance/governance.repository.js";
import { explainOwnerWriteError, teamOfGovernanceOwner } from "../governance/governance.service.js";
import {
  createPolicy,
  deletePolicy,
  findPolicies,
  findPolicyById,
  type NewPolicy,
  type OwnerFilter,
  updatePolicy,
} from "./policies.repository.js";
import { toPolicyResponse } from "./policies.schemas.js";

export type PolicyInput = {
  owner: GovernanceOwner;
  name: string;
  description?: string | null;
  enforcementType: EnforcementType;
  content: string;
  priority: number;
};

/** Absent (or null) fields stay as they are. */
export type PolicyChanges = Partial<Omit<PolicyInput, "owner" | "description">> & {
  description?: string;
  isActive?: boolean;
};

const policyNotFound = () => notFound("Policy not found", "policy_not_found");

const scopeOf = (row: PolicyRow) => ({
  teamId: row.teamId ?? undefined,
  projectId: row.projectId ?? undefined,
  userId: row.userId ?? undefined,
});

const policyTarget = (policy: PolicyRow) => ({ type: "policy", id: policy.id, name: policy.name });
// Whether it was inherited depends on who looks, not on the policy.
const policyFields = (policy: PolicyRow) => {
  const { is_inherited: _inherited, ...fields } = auditedFields(toPolicyResponse(policy));
  return fields;
};
const ownerOf = (policy: PolicyRow): GovernanceOwner => ({
  teamId: policy.teamId,
  projectId: policy.projectId,
  userId: policy.userId,
});

/** Creates a policy for a team, project or user the caller manages. */
export async function addPolicy(db: Db, principal: Principal, input: PolicyInput): Promise<PolicyRow> {
  await assertCanManageGovernance(db, principal, input.owner, "policy");
  const teamId = await teamOfGovernanceOwner(db, input.owner);
  try {
    const policy = await db.transaction(async (tx) => {
      const policy = await createPolicy(tx, {
        ...input.owner,
        name: input.name,
        description: input.description ?? null,
        enforcementType: input.enforcementType,
        content: input.content,
        priority: input.priority,
      });
      await recordAudit(tx, principal, {
        action: "policy.created",
        target: policyTarget(policy),
        teamId,
        after: policyFields(policy),
      });
      return policy;
    });
    markChanged(db, "policies");
    return policy;
  } catch (error) {
    throw explainOwnerWriteError(error);
  }
}

/** Every policy (active or not) of one team, project or user the caller may read. */
export async function listPolicies(db: Db, principal: Principal, filter: OwnerFilter): Promise<PolicyRow[]> {
  await assertCanReadGovernance(db, principal, filter);
  return findPolicies(db, filter);
}

/** One policy, for callers who may read its owner's governance. */
export async function getPolicy(db: Db, principal: Principal, policyId: string): Promise<PolicyRow> {
  const policy = await findPolicyById(db, policyId);
  if (!policy) throw policyNotFound();
  await assertCanReadGovernance(db, principal, scopeOf(policy));
  return policy;
}

/** Edits a policy the caller manages; its owner never changes. */
export async function changePolicy(
  db: Db,
  principal: Principal,
  policyId: string,
  changes: PolicyChanges,
): Promise<PolicyRow> {
  const policy = await findManagedPolicy(db, principal, policyId);
  const values: Partial<NewPolicy> = {};
  if (changes.name !== undefined) values.name = changes.name;
  if (changes.description !== undefined) values.description = changes.description;
  if (changes.enforcementType !== undefined) values.enforcementType = changes.enforcementType;
  if (changes.content !== undefined) values.content = changes.content;
  if (changes.priority !== undefined) values.priority = changes.priority;
  if (changes.isActive !== undefined) values.isActive = changes.isActive;
  if (Object.keys(values).length === 0) return policy;
  const teamId = await teamOfGovernanceOwner(db, ownerOf(policy));
  const updated = await db.transaction(async (tx) => {
    const updated = await updatePolicy(tx, policy.id, values);
    if (!updated) throw policyNotFound();
    await recordAudit(tx, principal, {
      action: "policy.updated",
      target: policyTarget(updated),
      teamId,
      before: policyFields(policy),
      after: policyFields(updated),
    });
    return updated;
  });
  markChanged(db, "policies");
  return updated;
}

/** Deletes a policy the caller manages. */
export async function removePolicy(db: Db, principal: Principal, policyId: string): Promise<void> {
  const policy = await findManagedPolicy(db, principal, policyId);
  const teamId = await teamOfGovernanceOwner(db, ownerOf(policy));
  await db.transaction(async (tx) => {
    await deletePolicy(tx, policy.id);
    await recordAudit(tx, principal, {
      action: "policy.deleted",
      target: policyTarget(policy),
      teamId,
      before: policyFields(policy),
    });
  });
  markChanged(db, "policies");
}

async function findManagedPolicy(db: Db, principal: Principal, policyId: string): Promise<PolicyRow> {
  const policy = await findPolicyById(db, policyId);
  if (!policy) throw policyNotFound();
  await assertCanManageGovernance(db, principal, ownerOf(policy), "policy");
  return policy;
}
