import { z } from "zod";
import type { Db } from "../../db/client.js";
import { markChanged } from "../../db/read-cache.js";
import { ENFORCEMENT_TYPES, type EnforcementType } from "../../db/schema.js";
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
import type { PolicyRow } from "../governance/governance.types.js";
import {
  createPolicy,
  deletePolicy,
  findPolicies,
  findPoliciesByIds,
  findPolicyById,
  lockPolicy,
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

/** The fields a review of a policy change compares, as the API names them. */
const REVIEWED_FIELDS = ["name", "description", "enforcement_type", "content", "priority", "is_active"] as const;

/** A policy's fields as proposed in a change request; the service wrote them from validated input. */
const proposedFields = z.object({
  name: z.string(),
  description: z.string().nullable(),
  enforcement_type: z.enum(ENFORCEMENT_TYPES),
  content: z.string(),
  priority: z.number().int(),
  is_active: z.boolean(),
});

type PolicyValues = Partial<
  Pick<NewPolicy, "name" | "description" | "enforcementType" | "content" | "priority" | "isActive">
>;

const fieldsOfValues = (values: PolicyValues): GovernanceFields =>
  withoutUndefined({
    name: values.name,
    description: values.description,
    enforcement_type: values.enforcementType,
    content: values.content,
    priority: values.priority,
    is_active: values.isActive,
  });

function valuesOfFields(fields: GovernanceFields): PolicyValues {
  const parsed = proposedFields.partial().parse(fields);
  return withoutUndefined({
    name: parsed.name,
    description: parsed.description,
    enforcementType: parsed.enforcement_type,
    content: parsed.content,
    priority: parsed.priority,
    isActive: parsed.is_active,
  });
}

/** A policy as a review sees it: its API fields, `updated_at` included (staleness compares it). */
const subjectFields = (policy: PolicyRow): GovernanceFields => {
  const { is_inherited: _inherited, ...fields } = toPolicyResponse(policy);
  return fields;
};

async function insertPolicy(
  tx: Db,
  principal: Principal,
  values: NewPolicy,
  teamId: string | null,
): Promise<PolicyRow> {
  const policy = await createPolicy(tx, values);
  await recordAudit(tx, principal, {
    action: "policy.created",
    target: policyTarget(policy),
    teamId,
    after: policyFields(policy),
  });
  return policy;
}

async function writePolicyChanges(
  tx: Db,
  principal: Principal,
  policy: PolicyRow,
  values: PolicyValues,
  teamId: string | null,
): Promise<PolicyRow> {
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
}

async function deletePolicyRecorded(tx: Db, principal: Principal, policy: PolicyRow, teamId: string | null) {
  await deletePolicy(tx, policy.id);
  await recordAudit(tx, principal, {
    action: "policy.deleted",
    target: policyTarget(policy),
    teamId,
    before: policyFields(policy),
  });
}

/**
 * Creates a policy for a team, project or user the caller manages. When the team's governance is
 * under review, it opens a change request proposing the policy instead.
 */
export async function addPolicy(
  db: Db,
  principal: Principal,
  input: PolicyInput,
): Promise<GovernanceChange<PolicyRow>> {
  await assertCanManageGovernance(db, principal, input.owner, "policy");
  const values = {
    name: input.name,
    description: input.description ?? null,
    enforcementType: input.enforcementType,
    content: input.content,
    priority: input.priority,
  };
  if (await isUnderGovernanceReview(db, input.owner)) {
    const changeRequest = await proposeGovernanceChange(db, principal, {
      proposal: { subject: "policy", operation: "create", changes: fieldsOfValues(values) },
      teamId: input.owner.teamId,
      baseline: null,
    });
    return { kind: "proposed", changeRequest };
  }
  const teamId = await teamOfGovernanceOwner(db, input.owner);
  try {
    const policy = await db.transaction((tx) => insertPolicy(tx, principal, { ...input.owner, ...values }, teamId));
    markChanged(db, "policies");
    return { kind: "applied", value: policy };
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

/** Edits a policy the caller manages (its owner never changes), or proposes the edit when under review. */
export async function changePolicy(
  db: Db,
  principal: Principal,
  policyId: string,
  changes: PolicyChanges,
): Promise<GovernanceChange<PolicyRow>> {
  const policy = await findManagedPolicy(db, principal, policyId);
  const values: PolicyValues = withoutUndefined({
    name: changes.name,
    description: changes.description,
    enforcementType: changes.enforcementType,
    content: changes.content,
    priority: changes.priority,
    isActive: changes.isActive,
  });
  if (await isUnderGovernanceReview(db, ownerOf(policy))) {
    const baseline = subjectFields(policy);
    // Only what would change is proposed; a save that changes nothing opens no request.
    const proposed = Object.fromEntries(
      Object.entries(fieldsOfValues(values)).filter(([field, value]) => baseline[field] !== value),
    );
    if (Object.keys(proposed).length === 0) return { kind: "applied", value: policy };
    const changeRequest = await proposeGovernanceChange(db, principal, {
      proposal: { subject: "policy", operation: "update", id: policy.id, changes: proposed },
      teamId: policy.teamId,
      baseline,
    });
    return { kind: "proposed", changeRequest };
  }
  if (Object.keys(values).length === 0) return { kind: "applied", value: policy };
  const teamId = await teamOfGovernanceOwner(db, ownerOf(policy));
  const updated = await db.transaction((tx) => writePolicyChanges(tx, principal, policy, values, teamId));
  markChanged(db, "policies");
  return { kind: "applied", value: updated };
}

/** Deletes a policy the caller manages, or proposes deleting it when under review. */
export async function removePolicy(db: Db, principal: Principal, policyId: string): Promise<GovernanceChange<null>> {
  const policy = await findManagedPolicy(db, principal, policyId);
  if (await isUnderGovernanceReview(db, ownerOf(policy))) {
    const changeRequest = await proposeGovernanceChange(db, principal, {
      proposal: { subject: "policy", operation: "delete", id: policy.id, changes: {} },
      teamId: policy.teamId,
      baseline: subjectFields(policy),
    });
    return { kind: "proposed", changeRequest };
  }
  const teamId = await teamOfGovernanceOwner(db, ownerOf(policy));
  await db.transaction((tx) => deletePolicyRecorded(tx, principal, policy, teamId));
  markChanged(db, "policies");
  return { kind: "applied", value: null };
}

async function findManagedPolicy(db: Db, principal: Principal, policyId: string): Promise<PolicyRow> {
  const policy = await findPolicyById(db, policyId);
  if (!policy) throw policyNotFound();
  await assertCanManageGovernance(db, principal, ownerOf(policy), "policy");
  return policy;
}

const policyGone = () => notFound("The policy this change request is about no longer exists", "policy_not_found");

/** An approved change request makes the policy change it proposed, as its approver. */
registerGovernanceSubject("policy", {
  noun: "Policy",
  nameField: "name",
  reviewedFields: REVIEWED_FIELDS,
  async findFields(db, ids) {
    return new Map((await findPoliciesByIds(db, ids)).map((policy) => [policy.id, subjectFields(policy)]));
  },
  async lock(tx, id) {
    await lockPolicy(tx, id);
  },
  async apply(tx, approver, proposal, teamId) {
    if (proposal.operation === "create") {
      const values = proposedFields
        .partial({ description: true, priority: true, is_active: true })
        .parse(proposal.changes);
      await insertPolicy(
        tx,
        approver,
        {
          teamId,
          projectId: null,
          userId: null,
          name: values.name,
          description: values.description ?? null,
          enforcementType: values.enforcement_type,
          content: values.content,
          priority: values.priority ?? 0,
        },
        teamId,
      );
      return;
    }
    const policy = proposal.id ? await findPolicyById(tx, proposal.id) : null;
    if (!policy) throw policyGone();
    if (proposal.operation === "update") {
      await writePolicyChanges(tx, approver, policy, valuesOfFields(proposal.changes), teamId);
    } else {
      await deletePolicyRecorded(tx, approver, policy, teamId);
    }
  },
  changed: "policies",
});
