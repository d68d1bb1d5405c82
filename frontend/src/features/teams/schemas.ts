import { z } from "@/lib/zod";

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

export const inviteFormSchema = z.object({
  email: z.email("Enter a valid email address").max(254),
  role: z.enum(["member", "admin"]),
});
export type InviteFormValues = z.infer<typeof inviteFormSchema>;
