"use client";

import { Checkbox } from "@/components/ui/checkbox";
import { teamPathNames } from "@/lib/team-paths";
import type { Team } from "./api";

/**
 * The teams an invitee joins besides the primary one: a checkbox per team, by its place in the
 * tree. Ticked teams are kept in the order they were ticked; the primary team is not offered.
 */
export function OtherTeamsPicker({
  labelledBy,
  teams,
  primaryTeamId,
  value,
  onChange,
}: {
  labelledBy: string;
  teams: Team[] | undefined;
  primaryTeamId: string;
  value: string[];
  onChange: (next: string[]) => void;
}) {
  if (!teams) return <p className="text-sm text-muted-foreground">Loading teams…</p>;
  const choices = teamPathNames(teams).filter(({ team }) => team.id !== primaryTeamId);
  if (choices.length === 0) return <p className="text-sm text-muted-foreground">There are no other teams.</p>;
  return (
    <fieldset aria-labelledby={labelledBy} className="grid max-h-40 gap-1 overflow-y-auto rounded-md border p-2">
      {choices.map(({ team, path }) => (
        <label key={team.id} htmlFor={`invite-team-${team.id}`} className="flex items-center gap-2 text-sm">
          <Checkbox
            id={`invite-team-${team.id}`}
            checked={value.includes(team.id)}
            onChange={(event) =>
              onChange(event.target.checked ? [...value, team.id] : value.filter((id) => id !== team.id))
            }
          />
          <span className="min-w-0 break-words">{path}</span>
        </label>
      ))}
    </fieldset>
  );
}
