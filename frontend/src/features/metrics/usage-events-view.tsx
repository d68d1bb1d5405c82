"use client";

import { Activity, Filter } from "lucide-react";
import dynamic from "next/dynamic";
import Link from "next/link";
import * as React from "react";
import { EmptyState, NoMatches } from "@/components/empty-state";
import { ErrorAlert } from "@/components/error-alert";
import { PageHeader } from "@/components/page-header";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Skeleton } from "@/components/ui/skeleton";
import { useIsGovernor } from "@/lib/audit-access";
import { useCurrentUser } from "@/lib/session";
import { useUsageEvents } from "./api";
import { eventsHref, isFiltered, matchesErrorCode, NO_FILTERS, rangeProblem } from "./filters";
import { MetricsFilters } from "./lazy-filters";
import { MetricsNav } from "./metrics-nav";
import { useMetricsState } from "./use-metrics-state";

// The table's code loads beside the first page of events rather than with the page.
const UsageEventsTable = dynamic(() => import("./usage-events-table").then((module) => module.UsageEventsTable), {
  loading: () => (
    <div className="grid gap-2 p-2" aria-hidden>
      <Skeleton className="h-8" />
      <Skeleton className="h-8" />
      <Skeleton className="h-8" />
    </div>
  ),
});

/**
 * Every logged expansion matching the range and the filters, newest first, a page at a time:
 * where the figures of the overview lead. Admins see everyone's, team owners their teams', and
 * anyone else their own.
 */
export function UsageEventsView() {
  const user = useCurrentUser();
  const governor = useIsGovernor(user);
  const [state, setState] = useMetricsState();
  const problem = rangeProblem(state);
  const events = useUsageEvents(state, !problem);
  const loaded = events.data?.pages.flatMap((page) => page.items) ?? [];
  const items = loaded.filter((event) => matchesErrorCode(event, state.errorCode));
  const filtered = isFiltered(state.filters) || Boolean(state.errorCode);
  React.useEffect(() => {
    void import("./usage-events-table");
  }, []);

  return (
    <>
      <PageHeader
        title="Expansion events"
        description={
          governor
            ? user.role === "admin"
              ? "Every expansion from every IDE, script and workflow: who, which version, how it ended and why."
              : "Expansions by the teams you own and the teams below them, and your own."
            : "Your own expansions: from your IDE, your API keys and your workflows."
        }
      />
      <div className="grid grid-cols-1 gap-6">
        <MetricsNav state={state} current="events" />
        <MetricsFilters state={state} onChange={setState} showUserFilter={governor} />
        {state.errorCode ? (
          <Alert className="flex flex-wrap items-center gap-3">
            <Filter className="shrink-0" aria-hidden />
            <p className="min-w-0 flex-1 basis-56">
              Only failures with the code <span className="font-mono">{state.errorCode}</span> are listed.
            </p>
            <Button size="sm" variant="outline" asChild>
              <Link href={eventsHref(state)}>Show every failure</Link>
            </Button>
          </Alert>
        ) : null}
        {problem ? null : events.isError ? (
          <ErrorAlert
            error={events.error}
            title="The events could not be loaded"
            onRetry={() => void events.refetch()}
          />
        ) : events.data && items.length === 0 && !events.hasNextPage ? (
          filtered ? (
            <NoMatches
              noun="expansions"
              hint="No logged expansion in this range matches these filters."
              onClear={() => setState({ ...state, filters: NO_FILTERS, errorCode: "" })}
            />
          ) : (
            <EmptyState
              icon={Activity}
              title="No expansions in this range"
              description="Expansions appear here as prompts are expanded: from a prompt's playground, an IDE over MCP, the REST API or a workflow."
            />
          )
        ) : (
          <Card className="grid gap-2 p-2" aria-busy={events.isFetching}>
            <UsageEventsTable events={items} loadingRows={events.isPending ? 5 : 0} />
            <div className="flex flex-wrap items-center justify-between gap-3 px-3 pb-2 text-sm text-muted-foreground">
              <span aria-live="polite">
                {items.length} {items.length === 1 ? "expansion" : "expansions"}
                {events.hasNextPage ? " so far" : ""}
                {state.errorCode && loaded.length !== items.length ? ` (of ${loaded.length} failures loaded)` : ""}
              </span>
              {events.hasNextPage ? (
                <Button
                  variant="outline"
                  disabled={events.isFetchingNextPage}
                  onClick={() => void events.fetchNextPage()}
                >
                  {events.isFetchingNextPage ? "Loading…" : "Load more"}
                </Button>
              ) : null}
            </div>
          </Card>
        )}
      </div>
    </>
  );
}
