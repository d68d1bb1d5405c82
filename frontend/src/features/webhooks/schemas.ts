import { atMost } from "@/lib/api/fields";
import { webhookDescriptionRule } from "@/lib/api/rules";
import { z } from "@/lib/zod";
import { SUBSCRIBABLE_EVENTS } from "./webhook-text";

/** What is wrong with a receiver address, the first problem only; null when it will do. */
export function urlProblem(value: string): string | null {
  if (!value) return "Enter the address that receives the events, e.g. https://example.com/hooks/spechub";
  if (!URL.canParse(value)) return "Enter a full address, starting with https://";
  const { protocol } = new URL(value);
  // Whether http is allowed is the organization's setting: the backend says when it is not.
  if (protocol !== "https:" && protocol !== "http:") return "The address must start with https://";
  return null;
}

const httpUrl = z
  .string()
  .trim()
  .superRefine((value, context) => {
    const problem = urlProblem(value);
    if (problem) context.addIssue({ code: "custom", message: problem });
  });

/**
 * The create/edit form. `requireTeam`: the caller is not an admin, so the webhook must be
 * scoped to a team they manage. `team_id` "" stands for the whole organization.
 */
export function webhookFormSchema(requireTeam: boolean) {
  return z.object({
    url: httpUrl,
    description: z.string().trim().max(webhookDescriptionRule.maxLength, atMost(webhookDescriptionRule.maxLength)),
    team_id: requireTeam ? z.string().min(1, "Choose one of the teams you manage") : z.string(),
    events: z.array(z.enum(SUBSCRIBABLE_EVENTS)).min(1, "Choose at least one event"),
    active: z.boolean(),
  });
}
export type WebhookFormValues = z.infer<ReturnType<typeof webhookFormSchema>>;
