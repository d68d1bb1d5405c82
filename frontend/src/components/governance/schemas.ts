import { z } from "@/lib/zod";

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

export const objectiveFormSchema = z.object({
  title: z.string().trim().min(1, "Give the objective a title").max(500, "At most 500 characters"),
  description: optionalText,
  status: z.string().trim().min(1, "Give it a status, e.g. active").max(50, "At most 50 characters"),
});
export type ObjectiveFormValues = z.infer<typeof objectiveFormSchema>;
