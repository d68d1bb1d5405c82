import type { TeamFormValues } from "./schemas";

export const TEAM_FIELDS = ["name", "slug", "description"] as const;

/** The API body for a new team: an empty description is sent as none. */
export function toTeamBody(values: TeamFormValues, parentTeamId: string | null) {
  return {
    name: values.name,
    slug: values.slug,
    description: values.description || null,
    parent_team_id: parentTeamId,
  };
}

/** The page an invited person opens to create their account. */
export function invitationLink(origin: string, token: string): string {
  return `${origin.replace(/\/+$/, "")}/invite/${encodeURIComponent(token)}`;
}
