"use client";

import { BarChart3 } from "lucide-react";
import dynamic from "next/dynamic";
import Link from "next/link";
import * as React from "react";
import { EmptyState, NoMatches } from "@/components/empty-state";
import { ErrorAlert } from "@/components/error-alert";
import { PageHeader } from "@/components/page-header";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Skeleton } from "@/components/ui/skeleton";
import { useIsGovernor } from "@/lib/audit-access";
import { useCurrentUser } from "@/lib/session";
import { countOf, formatCount, formatLatency, formatPercent } from "@/lib/usage-format";
import { type MetricsDashboard, useMetricsDashboard } from "./api";
import { errorEventsHref, eventsHref, isFiltered, type MetricsState, NO_FILTERS, rangeProblem } from "./filters";
import { MetricsFilters } from "./lazy-filters";
import { MetricsNav } from "./metrics-nav";
import { useMetricsState } from "./use-metrics-state";

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });

function PanelsSkeleton() {
  return (
    <div className="grid grid-cols-1 gap-6 lg:grid-cols-2" aria-hidden>
      <Skeleton className="h-80" />
      <Skeleton className="h-80" />
    </div>
  );
}

// Nothing below the figures shows before the dashboard answers: that code (and the charts')
// loads beside the data rather than with the page.
const MetricsPanels = dynamic(() => import("./metrics-panels").then((module) => module.MetricsPanels), {
  loading: () => <PanelsSkeleton />,
});

type Figure = { label: string; value: string; hint: string; href?: string };

function figures(data: MetricsDashboard, state: MetricsState): Figure[] {
  const { summary } = data;
  return [
    {
      label: "Expansions",
      value: formatCount(summary.expansions),
      hint: "in this range",
      href: eventsHref(state),
    },
    {
      label: "Error rate",
      value: formatPercent(summary.error_rate_pct),
      hint: `${formatCount(summary.errors)} failed`,
      href: errorEventsHref(state),
    },
    { label: "Average latency", value: formatLatency(summary.avg_latency_ms), hint: "per expansion" },
    { label: "p50 latency", value: formatLatency(summary.p50_latency_ms), hint: "half were faster" },
    { label: "p95 latency", value: formatLatency(summary.p95_latency_ms), hint: "1 in 20 were slower" },
    {
      label: "p99 latency",
      value: formatLatency(summary.p99_latency_ms),
      hint: `max ${formatLatency(summary.max_latency_ms)}`,
    },
  ];
}

/** The range's headline figures; expansions and the error rate open their events. */
function Figures({ data, state }: { data: MetricsDashboard | undefined; state: MetricsState }) {
  return (
    <dl className="grid grid-cols-2 gap-4 sm:grid-cols-3 xl:grid-cols-6" aria-label="Figures for this range">
      {(data ? figures(data, state) : Array.from({ length: 6 }, () => null)).map((figure, index) => (
        // The card is the <div> that groups each <dt> with its <dd>s: a <dl> may hold only those.
        // biome-ignore lint/suspicious/noArrayIndexKey: a fixed set of cards in a fixed order
        <Card key={index} className="p-4">
          {figure ? (
            <>
              <dt className="text-sm text-muted-foreground">{figure.label}</dt>
              <dd className="mt-1 text-2xl font-semibold tabular-nums">
                {figure.href ? (
                  <Link
                    href={figure.href}
                    className="hover:underline"
                    aria-label={`${figure.label}: ${figure.value}, open the events`}
                  >
                    {figure.value}
                  </Link>
                ) : (
                  figure.value
                )}
              </dd>
              <dd className="mt-1 text-xs text-muted-foreground">{figure.hint}</dd>
            </>
          ) : (
            <div className="grid gap-2" aria-hidden>
              <Skeleton className="h-4 w-20" />
              <Skeleton className="h-7 w-16" />
              <Skeleton className="h-3 w-24" />
            </div>
          )}
        </Card>
      ))}
    </dl>
  );
}

/** What the figures cover, and the size of the registry beside them. */
function RangeNote({ data }: { data: MetricsDashboard }) {
  return (
    <p className="text-sm text-muted-foreground">
      From <time dateTime={data.range.from}>{dateTime.format(new Date(data.range.from))}</time> to{" "}
      <time dateTime={data.range.to}>{dateTime.format(new Date(data.range.to))}</time>, by{" "}
      {data.range.bucket === "hour" ? "hour" : "day (UTC)"}; {countOf(data.expands_24h, "expansion", "expansions")} in
      the last 24 hours. {countOf(data.total_prompts, "prompt", "prompts")} with{" "}
      {countOf(data.total_versions, "version", "versions")}.
    </p>
  );
}

/**
 * How much the registry is used, over a range and narrowed by filters kept in the URL:
 * headline figures, expansions and the error rate over time, the busiest prompts, the
 * commonest errors and the channels. Every figure opens the expansions behind it.
 */
export function MetricsView() {
  const user = useCurrentUser();
  const governor = useIsGovernor(user);
  const [state, setState] = useMetricsState();
  const problem = rangeProblem(state);
  const dashboard = useMetricsDashboard(state, !problem);
  const data = dashboard.data;
  React.useEffect(() => {
    // Fetch the panels' and the charts' code while the dashboard is asked, not after it answers.
    void import("./metrics-panels");
    void import("./metrics-charts");
  }, []);

  return (
    <>
      <PageHeader
        title="Metrics"
        description={
          governor
            ? user.role === "admin"
              ? "Usage of the whole registry, from every IDE, script and workflow."
              : "Expansions by the teams you own and the teams below them, and your own."
            : "Your own expansions: from your IDE, your API keys and your workflows."
        }
      />
      <div className="grid grid-cols-1 gap-6">
        <MetricsNav state={state} current="overview" />
        <MetricsFilters
          state={state}
          onChange={setState}
          showUserFilter={governor}
          promptSuggestions={data?.top_prompts.map((prompt) => prompt.name)}
        />
        {problem ? null : dashboard.isError ? (
          <ErrorAlert error={dashboard.error} title="Metrics unavailable" onRetry={() => void dashboard.refetch()} />
        ) : (
          <div className="grid gap-3" aria-busy={dashboard.isFetching}>
            <Figures data={data} state={state} />
            {data ? <RangeNote data={data} /> : null}
          </div>
        )}
        {problem || dashboard.isError ? null : data ? (
          data.summary.expansions === 0 ? (
            isFiltered(state.filters) ? (
              <NoMatches
                noun="expansions"
                hint="No expansion in this range matches these filters."
                onClear={() => setState({ ...state, filters: NO_FILTERS })}
              />
            ) : (
              <EmptyState
                icon={BarChart3}
                title="No expansions in this range"
                description="Charts appear once prompts are expanded: from a prompt's playground, an IDE over MCP, the REST API or a workflow. Or choose a longer range."
                action={
                  <Button asChild variant="outline">
                    <Link href="/prompts">Browse prompts</Link>
                  </Button>
                }
              />
            )
          ) : (
            <MetricsPanels data={data} state={state} />
          )
        ) : (
          <PanelsSkeleton />
        )}
      </div>
    </>
  );
}
