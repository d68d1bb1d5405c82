import { z } from "zod";
import type { ObjectiveBody, Policy, PolicyBody } from "./api";

/** "Platform & Tools" → "platform-tools": a slug suggestion that satisfies the backend's pattern. */
export function slugFromName(name: string): string {
  return name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 100);
}

const optionalText = (max: number) => z.string().trim().max(max, `At most ${max} characters`);

export const teamFormSchema = z.object({
  name: z.string().trim().min(1, "Give the team a name").max(200, "At most 200 characters"),
  slug: z
    .string()
    .trim()
    .min(1, "Choose a short name")
    .max(100, "At most 100 characters")
    .regex(/^[a-z0-9-]+$/, "Lower-case letters, digits and '-' only"),
  description: optionalText(10_000),
});
export type TeamFormValues = z.infer<typeof teamFormSchema>;
export const TEAM_FIELDS = ["name", "slug", "description"] as const;

export function toTeamBody(values: TeamFormValues, parentTeamId: string | null) {
  return {
    name: values.name,
    slug: values.slug,
    description: values.description || null,
    parent_team_id: parentTeamId,
  };
}

export const ENFORCEMENT_TYPES = [
  { value: "prepend", label: "Prepend", help: "Added before the system message" },
  { value: "append", label: "Append", help: "Added after the user message" },
  { value: "inject", label: "Inject", help: "Available to templates as {{ policies }}" },
  { value: "validate", label: "Validate", help: "A check listed for the caller; no text changes" },
] as const;

export const policyFormSchema = z.object({
  name: z.string().trim().min(1, "Give the policy a name").max(200, "At most 200 characters"),
  enforcement_type: z.enum(["prepend", "append", "inject", "validate"]),
  content: z.string().trim().min(1, "Write what the policy says").max(20_000, "At most 20000 characters"),
  priority: z
    .string()
    .trim()
    .regex(/^-?\d+$/, "A whole number"),
  description: optionalText(10_000),
  is_active: z.boolean(),
});
export type PolicyFormValues = z.infer<typeof policyFormSchema>;
export const POLICY_FIELDS = ["name", "enforcement_type", "content", "priority", "description", "is_active"] as const;

export function policyFormDefaults(policy?: Policy): PolicyFormValues {
  return {
    name: policy?.name ?? "",
    enforcement_type: policy?.enforcement_type ?? "prepend",
    content: policy?.content ?? "",
    priority: String(policy?.priority ?? 0),
    description: policy?.description ?? "",
    is_active: policy?.is_active ?? true,
  };
}

/** The form's values as the API's body; `is_active` only exists on updates. */
export function toPolicyBody(values: PolicyFormValues, teamId: string): PolicyBody {
  return {
    name: values.name,
    enforcement_type: values.enforcement_type,
    content: values.content,
    priority: Number(values.priority),
    description: values.description || null,
    team_id: teamId,
  };
}

export const objectiveFormSchema = z.object({
  title: z.string().trim().min(1, "Give the objective a title").max(500, "At most 500 characters"),
  description: optionalText(10_000),
  status: z.string().trim().min(1, "Choose a status").max(50, "At most 50 characters"),
});
export type ObjectiveFormValues = z.infer<typeof objectiveFormSchema>;
export const OBJECTIVE_FIELDS = ["title", "description", "status"] as const;

export function toObjectiveBody(values: ObjectiveFormValues, teamId: string): ObjectiveBody {
  return {
    title: values.title,
    description: values.description || null,
    status: values.status,
    team_id: teamId,
  };
}

export const inviteFormSchema = z.object({
  email: z.email("Enter a valid email address").max(254),
  role: z.enum(["member", "admin"]),
});
export type InviteFormValues = z.infer<typeof inviteFormSchema>;

/** The page an invited person opens to create their account. */
export function invitationLink(origin: string, token: string): string {
  return `${origin.replace(/\/+$/, "")}/invite/${encodeURIComponent(token)}`;
}
