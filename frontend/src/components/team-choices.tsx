"use client";

import { X } from "lucide-react";
import * as React from "react";
import { teamLabel } from "@/components/team-choice";
import { TeamPicker } from "@/components/team-picker";
import { Button } from "@/components/ui/button";
import { useKnownTeams } from "@/lib/api/teams";

/**
 * Several teams, each added by searching (see `TeamPicker`) and listed with a button that takes
 * it off again; with `primary`, one of them is marked the primary team. Kept in the order they
 * were added.
 */
export function TeamChoices({
  legend,
  searchLabel,
  value,
  onChange,
  exclude = [],
  primary,
  disabled,
  error,
}: {
  /** Names the list of chosen teams ("Teams under review"). */
  legend: string;
  /** Names the search box ("Find a team to review"). */
  searchLabel: string;
  value: readonly string[];
  onChange: (teamIds: string[]) => void;
  /** Teams not offered (chosen elsewhere on the form). */
  exclude?: readonly string[];
  primary?: { value: string; onChange: (teamId: string) => void };
  disabled?: boolean;
  error?: string;
}) {
  const errorId = React.useId();
  const known = useKnownTeams(value);
  const nameOf = (id: string) => teamLabel(known.byId.get(id), known.isPending);
  return (
    <fieldset className="grid min-w-0 content-start gap-2" aria-describedby={error ? errorId : undefined}>
      <legend className="mb-1.5 text-sm leading-none font-medium">
        {legend} <span className="font-normal text-muted-foreground">({value.length} chosen)</span>
      </legend>
      {value.length > 0 ? (
        <ul aria-label={legend} className="grid max-h-48 gap-1 overflow-y-auto">
          {value.map((id) => (
            <li key={id} className="flex items-center gap-2 rounded-md border px-3 py-1 text-sm">
              <span className="min-w-0 flex-1 truncate">{nameOf(id)}</span>
              {primary ? (
                <label className="flex shrink-0 items-center gap-1.5 text-xs text-muted-foreground">
                  <input
                    type="radio"
                    name={`${legend}-primary`}
                    className="size-4 accent-primary"
                    checked={primary.value === id}
                    disabled={disabled}
                    aria-label={`Primary team: ${nameOf(id)}`}
                    onChange={() => primary.onChange(id)}
                  />
                  Primary
                </label>
              ) : null}
              <Button
                size="icon"
                variant="ghost"
                className="size-7 shrink-0"
                aria-label={`Remove ${nameOf(id)}`}
                disabled={disabled}
                onClick={() => onChange(value.filter((other) => other !== id))}
              >
                <X aria-hidden />
              </Button>
            </li>
          ))}
        </ul>
      ) : null}
      <TeamPicker
        label={searchLabel}
        actionLabel="Add"
        exclude={[...value, ...exclude]}
        disabled={disabled}
        onPick={(team) => {
          known.remember(team);
          onChange([...value, team.id]);
        }}
      />
      {error ? (
        <p id={errorId} className="text-xs font-medium text-destructive">
          {error}
        </p>
      ) : null}
    </fieldset>
  );
}
