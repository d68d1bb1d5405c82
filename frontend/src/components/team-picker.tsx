"use client";

import { useQuery } from "@tanstack/react-query";
import { Search, Users } from "lucide-react";
import * as React from "react";
import { Button } from "@/components/ui/button";
import { Checkbox } from "@/components/ui/checkbox";
import { Input } from "@/components/ui/input";
import { api, unwrap } from "@/lib/api/client";
import type { ResponseBody } from "@/lib/api/types";

export type TeamSummary = ResponseBody<"/api/v1/teams", "get">["items"][number];

/** Results shown at once: enough to pick from, short enough to Tab through. */
const MAX_RESULTS = 8;

/**
 * Finds a team by name or slug and hands the chosen one to `onPick`, with whether its sub-teams
 * are included. Like the user picker, results are plain buttons under the search box, so the
 * keyboard reaches them with Tab; the checkbox sits before them and applies to the pick.
 */
export function TeamPicker({
  label,
  actionLabel = "Pick",
  exclude = [],
  onPick,
  disabled,
}: {
  /** Names the search box ("Find a team to share with"). */
  label: string;
  /** Verb on each result's button, read with the team's name ("Share with Platform"). */
  actionLabel?: string;
  exclude?: readonly string[];
  onPick: (team: TeamSummary, includeSubteams: boolean) => void;
  disabled?: boolean;
}) {
  const [text, setText] = React.useState("");
  const [includeSubteams, setIncludeSubteams] = React.useState(false);
  const checkboxId = React.useId();
  // Every team in one list, as the team chart reads it: the list is filtered here as you type.
  const teams = useQuery({
    queryKey: ["teams", "flat"],
    queryFn: () => unwrap(api.GET("/api/v1/teams", { params: { query: { flat: "true" } } })),
    select: (data) => data.items,
  });
  const query = text.trim().toLowerCase();
  const matches = (teams.data ?? [])
    .filter((team) => !exclude.includes(team.id))
    .filter((team) => team.name.toLowerCase().includes(query) || team.slug.includes(query))
    .slice(0, MAX_RESULTS);

  return (
    <div className="grid gap-2">
      <div className="relative">
        <Search
          className="pointer-events-none absolute top-1/2 left-2.5 size-4 -translate-y-1/2 text-muted-foreground"
          aria-hidden
        />
        <Input
          type="search"
          aria-label={label}
          placeholder="Search teams by name"
          className="pl-8"
          value={text}
          disabled={disabled}
          onChange={(event) => setText(event.target.value)}
        />
      </div>
      <div className="flex items-center gap-2">
        <Checkbox
          id={checkboxId}
          checked={includeSubteams}
          disabled={disabled}
          onChange={(event) => setIncludeSubteams(event.target.checked)}
        />
        <label htmlFor={checkboxId} className="text-sm">
          Include sub-teams <span className="text-muted-foreground">(members of every team below it too)</span>
        </label>
      </div>
      {query ? (
        <div aria-live="polite" className="grid gap-1">
          {teams.isPending ? (
            <p className="text-xs text-muted-foreground">Loading teams…</p>
          ) : teams.isError ? (
            <p className="text-xs text-destructive">Teams could not be loaded.</p>
          ) : matches.length === 0 ? (
            <p className="text-xs text-muted-foreground">No team matches “{text.trim()}”.</p>
          ) : (
            <ul className="grid gap-1">
              {matches.map((team) => (
                <li key={team.id} className="flex items-center justify-between gap-2 rounded-md border px-3 py-1.5">
                  <span className="min-w-0 truncate text-sm">
                    {team.name} <span className="text-muted-foreground">{team.slug}</span>
                  </span>
                  <Button
                    size="sm"
                    variant="outline"
                    disabled={disabled}
                    aria-label={`${actionLabel} ${team.name}`}
                    onClick={() => {
                      onPick(team, includeSubteams);
                      setText("");
                    }}
                  >
                    <Users aria-hidden />
                    {actionLabel}
                  </Button>
                </li>
              ))}
            </ul>
          )}
        </div>
      ) : null}
    </div>
  );
}
