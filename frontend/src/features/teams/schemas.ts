import { z } from "zod";

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

export const inviteFormSchema = z.object({
  email: z.email("Enter a valid email address").max(254),
  role: z.enum(["member", "admin"]),
});
export type InviteFormValues = z.infer<typeof inviteFormSchema>;

/** The page an invited person opens to create their account. */
export function invitationLink(origin: string, token: string): string {
  return `${origin.replace(/\/+$/, "")}/invite/${encodeURIComponent(token)}`;
}
