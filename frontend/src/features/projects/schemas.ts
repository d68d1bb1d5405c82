import { descriptionField as description, nameField, slugField } from "@/lib/api/fields";
import { z } from "@/lib/zod";

const name = nameField("Name the project");

export const projectCreateSchema = z.object({
  team_id: z.string().min(1, "Pick the team it belongs to"),
  name,
  slug: slugField("Give it a short name", "mobile-app"),
  description,
  lead_user_id: z.string(),
});
export type ProjectCreateValues = z.infer<typeof projectCreateSchema>;

export const projectDetailsSchema = z.object({ name, description });
export type ProjectDetailsValues = z.infer<typeof projectDetailsSchema>;
