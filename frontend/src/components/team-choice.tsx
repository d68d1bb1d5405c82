"use client";

import { X } from "lucide-react";
import * as React from "react";
import { TeamPicker } from "@/components/team-picker";
import { Button } from "@/components/ui/button";
import { type TeamSummary, useKnownTeams } from "@/lib/api/teams";
import { cn } from "@/lib/utils";

/** What the choice shows for a team id: its name once known, else why not. */
export function teamLabel(team: TeamSummary | undefined, loading: boolean): string {
  if (team) return team.name;
  return loading ? "Loading…" : "A team that no longer exists";
}

/**
 * One team, chosen by searching (see `TeamPicker`): the field of forms and filters that used to
 * list every team. Shows the chosen team's name; with `emptyLabel`, no team is a choice too
 * ("Any team") and the choice can be cleared.
 */
export function TeamChoice({
  legend,
  searchLabel,
  value,
  onChange,
  emptyLabel,
  managed,
  disabled,
  error,
  description,
  className,
}: {
  /** Names the field ("Team"). */
  legend: string;
  /** Names the search box ("Find the project's team"). */
  searchLabel: string;
  /** The chosen team's id; "" for none. */
  value: string;
  onChange: (teamId: string, team: TeamSummary | null) => void;
  emptyLabel?: string;
  managed?: boolean;
  disabled?: boolean;
  error?: string;
  /** Help text under the field. */
  description?: string;
  className?: string;
}) {
  const errorId = React.useId();
  const known = useKnownTeams([value]);
  const team = value ? known.byId.get(value) : undefined;
  return (
    <fieldset
      className={cn("grid min-w-0 content-start gap-1.5", className)}
      aria-describedby={error ? errorId : undefined}
    >
      <legend className="mb-1.5 text-sm leading-none font-medium">{legend}</legend>
      <div className="flex min-h-8 items-center gap-2 text-sm">
        {value ? (
          <span className="min-w-0 truncate">
            {teamLabel(team, known.isPending)}
            {team ? <span className="text-muted-foreground"> {team.slug}</span> : null}
          </span>
        ) : (
          <span className="text-muted-foreground">{emptyLabel ?? "No team chosen yet"}</span>
        )}
        {value && emptyLabel ? (
          <Button
            size="icon"
            variant="ghost"
            className="size-7"
            aria-label={`${emptyLabel} instead of ${team?.name ?? "this team"}`}
            disabled={disabled}
            onClick={() => onChange("", null)}
          >
            <X aria-hidden />
          </Button>
        ) : null}
      </div>
      <TeamPicker
        label={searchLabel}
        actionLabel="Choose"
        exclude={value ? [value] : []}
        managed={managed}
        disabled={disabled}
        onPick={(picked) => {
          known.remember(picked);
          onChange(picked.id, picked);
        }}
      />
      {description ? <p className="text-xs text-muted-foreground">{description}</p> : null}
      {error ? (
        <p id={errorId} className="text-xs font-medium text-destructive">
          {error}
        </p>
      ) : null}
    </fieldset>
  );
}
