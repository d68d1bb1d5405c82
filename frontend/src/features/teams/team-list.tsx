"use client";

import { Crown, Users } from "lucide-react";
import type { Team } from "./api";
import type { ShownTeam } from "./lazy-tree";
import { SubTeamButtons, type SubTeamControls } from "./sub-team-controls";

/**
 * The organisation as an indented list of the teams opened so far, one row per team with its
 * owner, head count and sub-teams' expander: what a phone shows instead of the chart, and a
 * keyboard-friendly view anywhere.
 */
export function TeamList({
  shown,
  ownerNames,
  memberCounts,
  selectedId,
  onSelect,
  subTeams,
}: {
  shown: ShownTeam<Team>[];
  ownerNames: ReadonlyMap<string, string>;
  memberCounts: ReadonlyMap<string, number> | null;
  selectedId: string | null;
  onSelect: (teamId: string) => void;
  subTeams: SubTeamControls;
}) {
  return (
    <ul aria-label="Teams" className="grid gap-1 rounded-xl border bg-card p-2">
      {shown.map((entry) => {
        const { team, depth } = entry;
        const owner = team.owner_id ? (ownerNames.get(team.owner_id) ?? "Unknown user") : "No owner";
        const members = memberCounts ? (memberCounts.get(team.id) ?? 0) : null;
        const selected = team.id === selectedId;
        return (
          <li key={team.id} className="grid gap-0.5" style={{ paddingLeft: `${Math.min(depth, 6) * 1}rem` }}>
            <button
              type="button"
              aria-current={selected ? "true" : undefined}
              onClick={() => onSelect(team.id)}
              className={
                "flex w-full min-w-0 flex-col items-start gap-0.5 rounded-md border-l-2 px-3 py-2 text-left hover:bg-accent focus-visible:outline-2 focus-visible:outline-ring " +
                (selected ? "border-primary bg-accent" : "border-transparent")
              }
            >
              <span className="w-full truncate text-sm font-medium">{team.name}</span>
              <span className="flex w-full min-w-0 items-center gap-3 text-xs text-muted-foreground">
                <span className="flex min-w-0 items-center gap-1">
                  <Crown className="size-3 shrink-0" aria-hidden />
                  <span className="truncate">{owner}</span>
                </span>
                {members !== null ? (
                  <span className="flex shrink-0 items-center gap-1">
                    <Users className="size-3" aria-hidden />
                    {members} {members === 1 ? "member" : "members"}
                  </span>
                ) : null}
              </span>
            </button>
            <SubTeamButtons entry={entry} controls={subTeams} className="pl-1.5" />
          </li>
        );
      })}
    </ul>
  );
}
