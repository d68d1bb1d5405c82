"use client";

import { List, Network } from "lucide-react";
import * as React from "react";
import { EmptyState } from "@/components/empty-state";
import { ErrorAlert } from "@/components/error-alert";
import { PageHeader } from "@/components/page-header";
import { TeamPicker } from "@/components/team-picker";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Skeleton } from "@/components/ui/skeleton";
import { useCurrentUser } from "@/lib/session";
import { useMediaQuery } from "@/lib/use-media-query";
import { useUrlParams } from "@/lib/use-url-params";
import { useEveryone } from "./api";
import { OrgChart } from "./lazy-org-chart";
import { loadTeamPanel, TeamPanel, TeamPanelSkeleton } from "./lazy-team-panel";
import type { SubTeamControls } from "./sub-team-controls";
import { TeamList } from "./team-list";
import { useConfirmedMove } from "./team-move";
import { canManageTeam, organizationRootId } from "./tree";
import { useTeamTree } from "./use-team-tree";
import { userLabel } from "./user-label";

const URL_KEYS = ["team"] as const;

/** The organisation chart, with the selected team's details, members and governance beside it. */
export function TeamsView() {
  const user = useCurrentUser();
  const [params, setParams] = useUrlParams(URL_KEYS);
  const [notice, setNotice] = React.useState<string | null>(null);
  // A chart of boxes is unreadable on a phone: narrow screens start on the list, and either
  // view can be chosen on any screen.
  const narrow = useMediaQuery("(max-width: 767px)");
  const [chosenView, setChosenView] = React.useState<"chart" | "list" | null>(null);
  const view = chosenView ?? (narrow ? "list" : "chart");
  // The team's panel downloads while the teams do, so it is normally there when they are.
  React.useEffect(() => {
    loadTeamPanel().catch(() => {});
  }, []);

  // The team in the URL; else the user's own; else the first top-level one.
  const teams = useTeamTree([params.team, user.team_id]);
  const everyone = useEveryone();
  const list = teams.teams;
  const selectedId = teams.selectedId ?? teams.shown[0]?.team.id ?? null;
  const selected = list.find((team) => team.id === selectedId) ?? null;

  const teamNames = React.useMemo(() => new Map(list.map((team) => [team.id, team.name])), [list]);
  const ownerNames = React.useMemo(
    () => new Map((everyone.data?.items ?? []).map((person) => [person.id, userLabel(person)])),
    [everyone.data],
  );
  const memberCounts = React.useMemo(() => {
    if (!everyone.data?.complete) return null;
    const counts = new Map<string, number>();
    for (const person of everyone.data.items) counts.set(person.team_id, (counts.get(person.team_id) ?? 0) + 1);
    return counts;
  }, [everyone.data]);

  const moves = useConfirmedMove({
    teams: list,
    onMoved: (teamId) => {
      setNotice(null);
      setParams({ team: teamId });
    },
  });
  // A refused move's message is about the move just tried: it goes once the user moves on.
  const resetMove = moves.reset;
  const select = React.useCallback(
    (teamId: string, message: string | null = null) => {
      resetMove();
      setNotice(message);
      setParams({ team: teamId });
    },
    [setParams, resetMove],
  );
  const onSelect = (teamId: string) => teamId !== selectedId && select(teamId);
  const canDrag = React.useCallback(
    (teamId: string) => {
      const team = list.find((candidate) => candidate.id === teamId);
      if (!team || organizationRootId(list) === team.id) return false;
      return canManageTeam(user, list, team.parent_team_id);
    },
    [list, user],
  );
  const { toggle, loadMore, canLoadMore, loading, failing, retry } = teams;
  const subTeams = React.useMemo<SubTeamControls>(
    () => ({ toggle, loadMore, canLoadMore, loading, failing, retry }),
    [toggle, loadMore, canLoadMore, loading, failing, retry],
  );

  const header = (
    <PageHeader
      title="Teams"
      description={`Policies and objectives set on a team apply to every team below it.${
        view === "chart" && list.some((team) => canDrag(team.id)) ? " Drag a team onto another to move it there." : ""
      }`}
    />
  );

  if (teams.isPending) {
    return (
      <>
        {header}
        <div className="grid gap-6 lg:grid-cols-[1fr_24rem]" aria-busy>
          <span className="sr-only">Loading teams…</span>
          <Skeleton className="h-[32rem]" />
          <Skeleton className="h-[32rem]" />
        </div>
      </>
    );
  }
  if (teams.error) {
    return (
      <>
        {header}
        <ErrorAlert error={teams.error} title="The teams could not be loaded" onRetry={() => void teams.refetch()} />
      </>
    );
  }
  if (!selectedId) {
    return (
      <>
        {header}
        <EmptyState
          icon={Network}
          title="No teams to show"
          description="You do not belong to any team you can see. An admin can add you to one."
        />
      </>
    );
  }

  return (
    <>
      {header}
      <div className="grid items-start gap-6 lg:grid-cols-[minmax(0,1fr)_24rem]">
        <div className="grid gap-3 lg:sticky lg:top-20">
          {moves.error ? <ErrorAlert error={moves.error} title="The team was not moved" /> : null}
          {everyone.isError ? (
            <ErrorAlert
              error={everyone.error}
              title="Owners and member counts could not be loaded"
              onRetry={() => void everyone.refetch()}
            />
          ) : null}
          <fieldset className="flex gap-1">
            <legend className="sr-only">Show the teams as</legend>
            <Button
              size="sm"
              variant={view === "chart" ? "secondary" : "ghost"}
              aria-pressed={view === "chart"}
              onClick={() => setChosenView("chart")}
            >
              <Network aria-hidden />
              Chart
            </Button>
            <Button
              size="sm"
              variant={view === "list" ? "secondary" : "ghost"}
              aria-pressed={view === "list"}
              onClick={() => setChosenView("list")}
            >
              <List aria-hidden />
              List
            </Button>
          </fieldset>
          {view === "chart" ? (
            <div className="h-[32rem] overflow-hidden rounded-xl border bg-card">
              <OrgChart
                shown={teams.shown}
                ownerNames={ownerNames}
                memberCounts={memberCounts}
                selectedId={selectedId}
                onSelect={onSelect}
                onMove={(teamId, parent) => moves.requestMove(teamId, parent)}
                canDrag={canDrag}
                subTeams={subTeams}
              />
            </div>
          ) : (
            <TeamList
              shown={teams.shown}
              ownerNames={ownerNames}
              memberCounts={memberCounts}
              selectedId={selectedId}
              onSelect={onSelect}
              subTeams={subTeams}
            />
          )}
          {/* The chart shows what is opened; any other team is a search away. */}
          <TeamPicker
            label="Find a team"
            placeholder="Find any team by name"
            actionLabel="Show"
            exclude={[selectedId]}
            onPick={(team) => select(team.id)}
          />
        </div>
        <div className="grid gap-3">
          {notice ? <Alert variant="success">{notice}</Alert> : null}
          {selected ? (
            <TeamPanel
              key={selected.id}
              team={selected}
              teams={list}
              user={user}
              ownerName={selected.owner_id ? (ownerNames.get(selected.owner_id) ?? null) : null}
              teamNames={teamNames}
              onNotice={setNotice}
              onSelect={select}
              onMove={(parent, returnFocusTo) => moves.requestMove(selected.id, parent, returnFocusTo)}
              moving={moves.pending}
            />
          ) : (
            <TeamPanelSkeleton />
          )}
        </div>
      </div>
      {moves.dialog}
    </>
  );
}
