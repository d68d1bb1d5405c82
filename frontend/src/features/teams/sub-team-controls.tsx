"use client";

import { ChevronDown, ChevronRight, LoaderCircle } from "lucide-react";
import { Button } from "@/components/ui/button";
import { cn } from "@/lib/utils";
import type { Team } from "./api";
import type { ShownTeam } from "./lazy-tree";

/** What the chart and the list may do with a team's sub-teams (see `useTeamTree`). */
export type SubTeamControls = {
  toggle: (entry: ShownTeam<Team>) => void;
  loadMore: (entry: ShownTeam<Team>) => void;
  canLoadMore: (entry: ShownTeam<Team>) => boolean;
  /** Teams whose sub-teams are being read. */
  loading: ReadonlySet<string>;
  /** Teams a page of whose sub-teams could not be read. */
  failing: ReadonlySet<string>;
  retry: (entry: ShownTeam<Team>) => void;
};

const subTeamCount = (count: number) => `${count} ${count === 1 ? "sub-team" : "sub-teams"}`;

/**
 * A team's expander, saying how many sub-teams it has whether they are read or not, and, while
 * it is open with some still unread, a button that reads more. The classes keep the chart from
 * taking a press on them for a drag, a pan or its own keyboard moves.
 */
export function SubTeamButtons({
  entry,
  controls,
  className,
}: {
  entry: ShownTeam<Team>;
  controls: SubTeamControls;
  className?: string;
}) {
  const { team, expanded, unread } = entry;
  if (team.child_count === 0) return null;
  const loading = controls.loading.has(team.id);
  const Chevron = expanded ? ChevronDown : ChevronRight;
  return (
    <div className={cn("nodrag nopan nokey flex items-center gap-1", className)}>
      <Button
        size="sm"
        variant="ghost"
        className="h-6 gap-1 px-1.5 text-xs"
        aria-expanded={expanded}
        aria-label={`${subTeamCount(team.child_count)} of ${team.name}`}
        onClick={(event) => {
          event.stopPropagation();
          controls.toggle(entry);
        }}
      >
        <Chevron className="size-3" aria-hidden />
        {subTeamCount(team.child_count)}
      </Button>
      {controls.canLoadMore(entry) ? (
        <Button
          size="sm"
          variant="outline"
          className="h-6 px-1.5 text-xs"
          disabled={loading}
          aria-label={`Show ${unread} more sub-teams of ${team.name}`}
          onClick={(event) => {
            event.stopPropagation();
            controls.loadMore(entry);
          }}
        >
          Show {unread} more
        </Button>
      ) : null}
      {controls.failing.has(team.id) && !loading ? (
        <Button
          size="sm"
          variant="outline"
          className="h-6 px-1.5 text-xs text-destructive"
          aria-label={`Retry loading the sub-teams of ${team.name}`}
          onClick={(event) => {
            event.stopPropagation();
            controls.retry(entry);
          }}
        >
          Retry
        </Button>
      ) : null}
      {loading ? (
        <span role="status" className="flex items-center">
          <LoaderCircle className="size-3 animate-spin text-muted-foreground" aria-hidden />
          <span className="sr-only">Loading the sub-teams of {team.name}…</span>
        </span>
      ) : null}
    </div>
  );
}
