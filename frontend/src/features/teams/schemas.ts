import { atMost, emailField, nameField, slugField } from "@/lib/api/fields";
import { descriptionRule } from "@/lib/api/rules";
import { z } from "@/lib/zod";

export const teamFormSchema = z.object({
  name: nameField("Give the team a name"),
  slug: slugField("Choose a short name"),
  description: z.string().trim().max(descriptionRule.maxLength, atMost(descriptionRule.maxLength)),
});
export type TeamFormValues = z.infer<typeof teamFormSchema>;

export const inviteFormSchema = z.object({
  email: emailField,
  role: z.enum(["member", "admin"]),
});
export type InviteFormValues = z.infer<typeof inviteFormSchema>;
