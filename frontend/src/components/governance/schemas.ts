import { z } from "zod";
import type { RequestBody, ResponseBody } from "@/lib/api/types";

/** A policy as the API returns it, whether it belongs to a team or a project. */
export type Policy = ResponseBody<"/api/v1/policies/{policy_id}", "get">;
export type Objective = ResponseBody<"/api/v1/objectives/{objective_id}", "get">;
/** What the policy dialog saves; the owner (team or project) is added by the caller. */
export type PolicyFields = Omit<RequestBody<"/api/v1/policies", "post">, "team_id" | "project_id" | "user_id">;
export type PolicyUpdate = RequestBody<"/api/v1/policies/{policy_id}", "put">;
/** What the objective dialog saves, valid both for creating and for updating. */
export type ObjectiveFields = { title: string; description: string | null; status: string };

export const ENFORCEMENT_TYPES = [
  { value: "prepend", label: "Prepend", description: "Added before the system message" },
  { value: "append", label: "Append", description: "Added after the user message" },
  { value: "inject", label: "Inject", description: "Available to templates as {{ policies }}" },
  { value: "validate", label: "Validate", description: "A check listed for the caller; no text changes" },
] as const;

export const enforcementLabel = (type: Policy["enforcement_type"]) =>
  ENFORCEMENT_TYPES.find((entry) => entry.value === type)?.label ?? type;

const optionalText = z.string().trim().max(10_000, "At most 10,000 characters");

export const policyFormSchema = z.object({
  name: z.string().trim().min(1, "Give the policy a name").max(200, "At most 200 characters"),
  enforcement_type: z.enum(["prepend", "append", "inject", "validate"]),
  content: z.string().trim().min(1, "Write what the policy says").max(20_000, "At most 20,000 characters"),
  priority: z
    .string()
    .trim()
    .regex(/^-?\d+$/, "A whole number, e.g. 10")
    // The column is a 32-bit integer: a larger number would be refused by the database.
    .refine((text) => Math.abs(Number(text)) <= 2_147_483_647, "Too large"),
  description: optionalText,
  is_active: z.boolean(),
});
export type PolicyFormValues = z.infer<typeof policyFormSchema>;
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

export const objectiveFormSchema = z.object({
  title: z.string().trim().min(1, "Give the objective a title").max(500, "At most 500 characters"),
  description: optionalText,
  status: z.string().trim().min(1, "Give it a status, e.g. active").max(50, "At most 50 characters"),
});
export type ObjectiveFormValues = z.infer<typeof objectiveFormSchema>;
export const OBJECTIVE_FIELDS = ["title", "description", "status"] as const;

export function objectiveFormDefaults(objective?: Objective | null): ObjectiveFormValues {
  return {
    title: objective?.title ?? "",
    description: objective?.description ?? "",
    status: objective?.status ?? "active",
  };
}

export function toObjectiveFields(values: ObjectiveFormValues): ObjectiveFields {
  return { title: values.title, description: values.description || null, status: values.status };
}
