/** Where an effective policy comes from, as `/policies/effective` answers it. */
export type GovernanceSource = {
  kind: "team" | "inherited" | "user" | "project";
  team_name: string | null;
  via_teams: { id: string; name: string }[];
};

/**
 * One line saying where a policy comes from: which team it is set on and, for someone in several
 * teams, which of their teams it reaches them through.
 */
export function describeSource(source: GovernanceSource): string {
  if (source.kind === "user") return "Personal";
  if (source.kind === "project") return "Project";
  const team = source.team_name ?? "a team";
  const via = source.via_teams.map((item) => item.name).filter((name) => name !== source.team_name);
  if (source.kind === "team") return via.length > 0 ? `Team ${team} (also via ${via.join(", ")})` : `Team ${team}`;
  return via.length > 0 ? `Inherited from ${team} via ${via.join(", ")}` : `Inherited from ${team}`;
}
