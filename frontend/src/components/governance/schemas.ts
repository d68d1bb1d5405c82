import { atMost, nameField } from "@/lib/api/fields";
import { descriptionRule, objectiveTitleRule, policyContentRule, priorityRule } from "@/lib/api/rules";
import { z } from "@/lib/zod";

const optionalText = z.string().trim().max(descriptionRule.maxLength, atMost(descriptionRule.maxLength));

const grouped = (value: number) => value.toLocaleString("en-US");

export const policyFormSchema = z.object({
  name: nameField("Give the policy a name"),
  enforcement_type: z.enum(["prepend", "append", "inject", "validate"]),
  content: z
    .string()
    .trim()
    .min(policyContentRule.minLength, "Write what the policy says")
    .max(policyContentRule.maxLength, atMost(policyContentRule.maxLength)),
  priority: z
    .string()
    .trim()
    .regex(/^-?\d+$/, "A whole number, e.g. 10")
    .refine(
      (text) => Number(text) >= priorityRule.minimum && Number(text) <= priorityRule.maximum,
      `From ${grouped(priorityRule.minimum)} to ${grouped(priorityRule.maximum)}`,
    ),
  description: optionalText,
  is_active: z.boolean(),
});
export type PolicyFormValues = z.infer<typeof policyFormSchema>;

export const objectiveFormSchema = z.object({
  title: z
    .string()
    .trim()
    .min(objectiveTitleRule.minLength, "Give the objective a title")
    .max(objectiveTitleRule.maxLength, atMost(objectiveTitleRule.maxLength)),
  description: optionalText,
  // One of the backend's statuses, or a status stored before they were fixed, which is kept.
  status: z.string().trim().min(1, "Give it a status, e.g. active"),
});
export type ObjectiveFormValues = z.infer<typeof objectiveFormSchema>;
