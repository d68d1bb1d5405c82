"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { Users } from "lucide-react";
import * as React from "react";
import { SearchField } from "@/components/search-field";
import { Button } from "@/components/ui/button";
import { Checkbox } from "@/components/ui/checkbox";
import { api, unwrap } from "@/lib/api/client";
import { queryKeys } from "@/lib/api/query-keys";
import type { TeamSummary } from "@/lib/api/teams";
import { useDebouncedValue } from "@/lib/use-debounced-value";

/** Results shown at once: enough to pick from, short enough to Tab through. */
const MAX_RESULTS = 8;

/** Long enough to skip the keys of a word being typed, short enough to feel immediate. */
const SEARCH_DELAY_MS = 200;

/**
 * Finds a team by name or slug and hands the chosen one to `onPick` (with `subteams`, with
 * whether its sub-teams are included). Like the user picker, results are plain buttons under the
 * search box, so the keyboard reaches them with Tab; the checkbox sits before them and applies
 * to the pick. Every team choice of the web UI goes through it: an organization may have
 * thousands of teams, too many for a list.
 */
export function TeamPicker({
  label,
  actionLabel = "Pick",
  exclude = [],
  onPick,
  disabled,
  subteams = false,
  managed = false,
  inputRef,
  placeholder = "Search teams by name",
}: {
  /** Names the search box ("Find a team to share with"). */
  label: string;
  /** Verb on each result's button, read with the team's name ("Share with Platform"). */
  actionLabel?: string;
  exclude?: readonly string[];
  onPick: (team: TeamSummary, includeSubteams: boolean) => void;
  disabled?: boolean;
  /** Offers "Include sub-teams" with the results. */
  subteams?: boolean;
  /** Finds only teams the caller manages (admins: every team). */
  managed?: boolean;
  /** The search box, for giving focus back to it. */
  inputRef?: React.Ref<HTMLInputElement>;
  placeholder?: string;
}) {
  const [text, setText] = React.useState("");
  const [includeSubteams, setIncludeSubteams] = React.useState(false);
  const checkboxId = React.useId();
  const query = text.trim();
  const settled = useDebouncedValue(query, SEARCH_DELAY_MS);
  // Organisations can have thousands of teams: the API finds them by name or slug after each
  // pause in typing, a few at a time (with room for the excluded ones it may return).
  const teams = useQuery({
    // Under "teams", so every change to a team refreshes what the picker finds too.
    queryKey: queryKeys.teams.picker(settled, exclude.length, managed),
    queryFn: ({ signal }) =>
      unwrap(
        api.GET("/api/v1/teams", {
          params: {
            query: {
              flat: "true",
              q: settled,
              managed: managed ? "true" : undefined,
              page_size: Math.min(MAX_RESULTS + exclude.length, 500),
            },
          },
          signal,
        }),
      ),
    select: (data) => data.items,
    enabled: settled !== "",
    placeholderData: keepPreviousData,
  });
  const matches = (teams.data ?? []).filter((team) => !exclude.includes(team.id)).slice(0, MAX_RESULTS);
  const searching = settled !== query || teams.isPending;

  return (
    <div className="grid gap-2">
      <SearchField
        ref={inputRef}
        aria-label={label}
        placeholder={placeholder}
        className="min-w-0"
        value={text}
        disabled={disabled}
        onChange={(event) => setText(event.target.value)}
        // Results are buttons of their own: Enter in the box must not send a form around it.
        onKeyDown={(event) => {
          if (event.key === "Enter") event.preventDefault();
        }}
      />
      {subteams ? (
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
      ) : null}
      {query ? (
        <div aria-live="polite" className="grid gap-1">
          {searching && matches.length === 0 ? (
            <p className="text-xs text-muted-foreground">Searching teams…</p>
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
