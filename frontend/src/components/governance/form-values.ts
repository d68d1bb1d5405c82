import type { RequestBody, ResponseBody } from "@/lib/api/types";
import type { ObjectiveFormValues, PolicyFormValues } from "./schemas";

/** A policy as the API returns it, whether it belongs to a team or a project. */
export type Policy = ResponseBody<"/api/v1/policies/{policy_id}", "get">;
export type Objective = ResponseBody<"/api/v1/objectives/{objective_id}", "get">;
/** What the policy dialog saves; the owner (team or project) is added by the caller. */
export type PolicyFields = Omit<RequestBody<"/api/v1/policies", "post">, "team_id" | "project_id" | "user_id">;
export type PolicyUpdate = RequestBody<"/api/v1/policies/{policy_id}", "put">;
type ObjectiveStatus = RequestBody<"/api/v1/objectives", "post">["status"];
/**
 * What the objective dialog saves, valid both for creating and for updating. The status is left
 * out when an objective keeps a status stored before the list was fixed (which a write refuses).
 */
export type ObjectiveFields = { title: string; description: string | null; status?: ObjectiveStatus };

export const ENFORCEMENT_TYPES = [
  { value: "prepend", label: "Prepend", description: "Added before the system message" },
  { value: "append", label: "Append", description: "Added after the user message" },
  { value: "inject", label: "Inject", description: "Available to templates as {{ policies }}" },
  { value: "validate", label: "Validate", description: "A check listed for the caller; no text changes" },
] as const;

export const enforcementLabel = (type: Policy["enforcement_type"]) =>
  ENFORCEMENT_TYPES.find((entry) => entry.value === type)?.label ?? type;

export const POLICY_FIELDS = ["name", "enforcement_type", "content", "priority", "description", "is_active"] as const;

export function policyFormDefaults(policy?: Policy | null): PolicyFormValues {
  return {
    name: policy?.name ?? "",
    enforcement_type: policy?.enforcement_type ?? "prepend",
    content: policy?.content ?? "",
    priority: String(policy?.priority ?? 0),
    description: policy?.description ?? "",
    is_active: policy?.is_active ?? true,
  };
}

/** The form's values as the API's fields; `is_active` only exists on updates. */
export function toPolicyFields(values: PolicyFormValues): PolicyFields {
  return {
    name: values.name,
    enforcement_type: values.enforcement_type,
    content: values.content,
    priority: Number(values.priority),
    description: values.description || null,
  };
}

/** The statuses the backend accepts on writes; only `active` applies to expansion. */
export const OBJECTIVE_STATUSES = [
  { value: "active", label: "Active" },
  { value: "paused", label: "Paused" },
  { value: "done", label: "Done" },
  { value: "archived", label: "Archived" },
] as const satisfies readonly { value: ObjectiveStatus; label: string }[];

const isObjectiveStatus = (value: string): value is NonNullable<ObjectiveStatus> =>
  OBJECTIVE_STATUSES.some((status) => status.value === value);

/**
 * The choices for an objective's status. A status stored before the list was fixed is offered
 * too (marked), so editing the title of such an objective does not silently change its status.
 */
export function objectiveStatusOptions(current?: string | null): { value: string; label: string }[] {
  const options: { value: string; label: string }[] = [...OBJECTIVE_STATUSES];
  if (current && !options.some((option) => option.value === current)) {
    options.push({ value: current, label: `${current} (earlier status)` });
  }
  return options;
}

export const OBJECTIVE_FIELDS = ["title", "description", "status"] as const;

export function objectiveFormDefaults(objective?: Objective | null): ObjectiveFormValues {
  return {
    title: objective?.title ?? "",
    description: objective?.description ?? "",
    status: objective?.status ?? "active",
  };
}

export function toObjectiveFields(values: ObjectiveFormValues): ObjectiveFields {
  const fields: ObjectiveFields = { title: values.title, description: values.description || null };
  if (isObjectiveStatus(values.status)) fields.status = values.status;
  return fields;
}

/** The two kinds of governance items a team or project has, as the item dialog names them. */
export type GovernanceKind = "policy" | "objective";
export type GovernanceItem = { policy: Policy; objective: Objective };
/** What the item dialog saves: `is_active` only when a policy is edited. */
export type GovernanceFields = { policy: PolicyFields & { is_active?: boolean }; objective: ObjectiveFields };

/** The part of a TanStack Query mutation that the team and project governance lists use. */
export type ItemMutation<Variables, Result = unknown> = {
  mutateAsync: (variables: Variables) => Promise<Result>;
  reset: () => void;
  error: Error | null;
  isPending: boolean;
};
