import { z } from "@/lib/zod";

const name = z.string().trim().min(1, "Name the project").max(200, "At most 200 characters");
const description = z.string().max(10_000, "At most 10,000 characters");

export const projectCreateSchema = z.object({
  team_id: z.string().min(1, "Pick the team it belongs to"),
  name,
  slug: z
    .string()
    .trim()
    .min(1, "Give it a short name")
    .max(100, "At most 100 characters")
    .regex(/^[a-z0-9-]+$/, "Lower-case letters, digits and '-' only, e.g. mobile-app"),
  description,
  lead_user_id: z.string(),
});
export type ProjectCreateValues = z.infer<typeof projectCreateSchema>;

export const projectDetailsSchema = z.object({ name, description });
export type ProjectDetailsValues = z.infer<typeof projectDetailsSchema>;
