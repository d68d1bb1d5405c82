"use client";

import { BarChart3 } from "lucide-react";
import Link from "next/link";
import { EmptyState } from "@/components/empty-state";
import { ErrorAlert } from "@/components/error-alert";
import { PageHeader } from "@/components/page-header";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Skeleton } from "@/components/ui/skeleton";
import { useCurrentUser } from "@/lib/session";
import { type MetricsDashboard, useMetricsDashboard } from "./api";
import { type DayPoint, fillDailyUsage, hasUsage } from "./chart-data";
import { DailyUsageChart, TopPromptsChart } from "./lazy-charts";

const integer = new Intl.NumberFormat();
const oneDecimal = new Intl.NumberFormat(undefined, { maximumFractionDigits: 1 });

function figures(data: MetricsDashboard) {
  return [
    { label: "Prompts", value: integer.format(data.total_prompts), hint: "incl. deprecated" },
    { label: "Versions", value: integer.format(data.total_versions), hint: "across all prompts" },
    { label: "Expansions", value: integer.format(data.total_expands), hint: "all time" },
    { label: "Last 24 hours", value: integer.format(data.expands_24h), hint: "expansions" },
    { label: "Average latency", value: `${oneDecimal.format(data.avg_latency_ms)} ms`, hint: "per expansion" },
    { label: "Error rate", value: `${oneDecimal.format(data.error_rate_pct)} %`, hint: "of expansions" },
  ];
}

function Figures({ data }: { data: MetricsDashboard | undefined }) {
  return (
    <dl className="grid gap-4 sm:grid-cols-3 xl:grid-cols-6" aria-label="Headline figures">
      {(data ? figures(data) : Array.from({ length: 6 }, () => null)).map((figure, index) => (
        // The card is the <div> that groups each <dt> with its <dd>s: a <dl> may hold only those.
        // biome-ignore lint/suspicious/noArrayIndexKey: a fixed set of cards in a fixed order
        <Card key={index} className="p-4">
          {figure ? (
            <>
              <dt className="text-sm text-muted-foreground">{figure.label}</dt>
              <dd className="mt-1 text-2xl font-semibold tabular-nums">{figure.value}</dd>
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

/** The charted numbers as a table, for screen readers (charts are drawn, not read). */
function DailyTable({ days }: { days: DayPoint[] }) {
  return (
    <table className="sr-only">
      <caption>Expansions per day (UTC), last 7 days</caption>
      <thead>
        <tr>
          <th scope="col">Day</th>
          <th scope="col">Expansions</th>
        </tr>
      </thead>
      <tbody>
        {days.map((day) => (
          <tr key={day.date}>
            <td>{day.date}</td>
            <td>{day.count}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function TopPromptsList({ data }: { data: MetricsDashboard["top_prompts"] }) {
  return (
    <ol className="divide-y text-sm" aria-label="Most expanded prompts">
      {data.map((prompt) => (
        <li key={prompt.name} className="flex items-center justify-between gap-4 py-2">
          <Link href={`/prompts/${encodeURIComponent(prompt.name)}`} className="truncate font-medium hover:underline">
            {prompt.name}
          </Link>
          <span className="shrink-0 text-muted-foreground tabular-nums">
            {integer.format(prompt.count)} expansions · {oneDecimal.format(prompt.avg_latency_ms)} ms
          </span>
        </li>
      ))}
    </ol>
  );
}

function Charts({ data }: { data: MetricsDashboard }) {
  const days = fillDailyUsage(data.daily_usage);
  return (
    <div className="grid grid-cols-1 gap-6 lg:grid-cols-2">
      <Card>
        <CardHeader>
          <CardTitle>Daily usage</CardTitle>
          <CardDescription>Expansions per day over the last 7 days (UTC).</CardDescription>
        </CardHeader>
        <CardContent>
          <div aria-hidden>
            <DailyUsageChart data={days} />
          </div>
          <DailyTable days={days} />
        </CardContent>
      </Card>
      <Card>
        <CardHeader>
          <CardTitle>Top prompts</CardTitle>
          <CardDescription>Most expanded in the last 7 days, with their average latency.</CardDescription>
        </CardHeader>
        <CardContent className="grid gap-4">
          {data.top_prompts.length === 0 ? (
            <p className="text-sm text-muted-foreground">No expansions in the last 7 days.</p>
          ) : (
            <>
              <div aria-hidden>
                <TopPromptsChart data={data.top_prompts} />
              </div>
              <TopPromptsList data={data.top_prompts} />
            </>
          )}
        </CardContent>
      </Card>
    </div>
  );
}

/** How much the registry is used: headline figures, the last week day by day, and the busiest prompts. */
export function MetricsView() {
  const user = useCurrentUser();
  const dashboard = useMetricsDashboard();
  return (
    <>
      <PageHeader
        title="Metrics"
        description={
          user.role === "admin"
            ? "Usage of the whole registry, from every IDE, script and workflow."
            : "Your prompts and their usage."
        }
      />
      <div className="grid grid-cols-1 gap-6">
        {dashboard.isError ? (
          <ErrorAlert error={dashboard.error} title="Metrics unavailable" onRetry={() => void dashboard.refetch()} />
        ) : (
          <Figures data={dashboard.data} />
        )}
        {dashboard.data ? (
          hasUsage(dashboard.data) ? (
            <Charts data={dashboard.data} />
          ) : (
            <EmptyState
              icon={BarChart3}
              title="No usage yet"
              description="Charts appear once prompts are expanded: from a prompt's playground, an IDE over MCP, or the REST API."
              action={
                <Button asChild variant="outline">
                  <Link href="/prompts">Browse prompts</Link>
                </Button>
              }
            />
          )
        ) : dashboard.isPending ? (
          <div className="grid grid-cols-1 gap-6 lg:grid-cols-2" aria-hidden>
            <Skeleton className="h-80" />
            <Skeleton className="h-80" />
          </div>
        ) : null}
      </div>
    </>
  );
}
