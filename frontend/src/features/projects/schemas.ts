import { z } from "zod";

/** "Mobile App (v2)" → "mobile-app-v2": the slug a name suggests, in the API's alphabet. */
export function slugify(name: string): string {
  return name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 100)
    .replace(/-+$/, "");
}

/** Whether a project matches the list's search: name, slug or description, ignoring case. */
export function matchesProject(
  project: { name: string; slug: string; description: string | null },
  q: string,
): boolean {
  const needle = q.trim().toLowerCase();
  if (!needle) return true;
  return [project.name, project.slug, project.description ?? ""].some((text) => text.toLowerCase().includes(needle));
}

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
export const PROJECT_CREATE_FIELDS = ["team_id", "name", "slug", "description", "lead_user_id"] as const;

export const projectDetailsSchema = z.object({ name, description });
export type ProjectDetailsValues = z.infer<typeof projectDetailsSchema>;

type TeamLink = { id: string; parent_team_id: string | null; owner_id: string | null };

/**
 * Whether `user` may manage the project, as the API decides: admins, the project's lead, and
 * owners of its team or of any team above it. The page hides controls that would only be refused.
 */
export function canManageProject(
  user: { id: string; role: string },
  project: { team_id: string; lead_user_id: string | null },
  teams: readonly TeamLink[],
): boolean {
  if (user.role === "admin" || project.lead_user_id === user.id) return true;
  const byId = new Map(teams.map((team) => [team.id, team]));
  const seen = new Set<string>();
  for (let team = byId.get(project.team_id); team && !seen.has(team.id); team = byId.get(team.parent_team_id ?? "")) {
    seen.add(team.id);
    if (team.owner_id === user.id) return true;
  }
  return false;
}
