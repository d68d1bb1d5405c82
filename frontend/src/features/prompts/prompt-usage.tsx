"use client";

import { Activity, BarChart3 } from "lucide-react";
import Link from "next/link";
import type * as React from "react";
import { EmptyState } from "@/components/empty-state";
import { ErrorAlert } from "@/components/error-alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Skeleton } from "@/components/ui/skeleton";
import { channelLabel, formatCount, formatLatency, formatPercent, labelText } from "@/lib/usage-format";
import { type PromptUsage, USAGE_DAYS, usePromptUsage } from "./usage-api";
import { dayBars, promptMetricsHref } from "./usage-links";

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });
const day = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeZone: "UTC" });

/** Expansions per UTC day as small bars, the failed part of each in red; a table says the same for screen readers. */
function DailyBars({ series }: { series: PromptUsage["series"] }) {
  const bars = dayBars(series);
  return (
    <figure className="grid gap-1">
      <div aria-hidden className="flex h-16 items-end gap-px rounded-md border bg-muted/30 p-1">
        {bars.map((bar) => (
          <div
            key={bar.start}
            className="relative flex-1 rounded-t-sm bg-primary/80"
            style={{ height: `${bar.height}%` }}
            title={`${day.format(new Date(bar.start))}: ${bar.expansions} expansions, ${bar.errors} failed`}
          >
            <div
              className="absolute inset-x-0 bottom-0 rounded-t-sm bg-destructive"
              style={{ height: `${bar.failedShare}%` }}
            />
          </div>
        ))}
      </div>
      <figcaption className="flex justify-between text-xs text-muted-foreground">
        <span>{series[0] ? day.format(new Date(series[0].start)) : ""}</span>
        <span>Expansions per day (UTC), failures in red</span>
        <span>{series.at(-1) ? day.format(new Date(series.at(-1)!.start)) : ""}</span>
      </figcaption>
      <table className="sr-only">
        <caption>Expansions per day (UTC), last {USAGE_DAYS} days</caption>
        <thead>
          <tr>
            <th scope="col">Day</th>
            <th scope="col">Expansions</th>
            <th scope="col">Failed</th>
          </tr>
        </thead>
        <tbody>
          {series
            .filter((point) => point.expansions > 0)
            .map((point) => (
              <tr key={point.start}>
                <td>{day.format(new Date(point.start))}</td>
                <td>{point.expansions}</td>
                <td>{point.errors}</td>
              </tr>
            ))}
        </tbody>
      </table>
    </figure>
  );
}

/** Versions, labels or channels with how often each was served and how often it failed. */
function Served({
  title,
  rows,
}: {
  title: string;
  rows: { key: string; name: React.ReactNode; expansions: number; errors: number }[];
}) {
  return (
    <section aria-label={title} className="grid content-start gap-2">
      <h3 className="text-sm font-medium">{title}</h3>
      {rows.length === 0 ? (
        <p className="text-sm text-muted-foreground">None.</p>
      ) : (
        <ul className="grid gap-1 text-sm">
          {rows.map((row) => (
            <li key={row.key} className="flex items-center justify-between gap-3">
              <span className="min-w-0 truncate">{row.name}</span>
              <span className="shrink-0 text-xs text-muted-foreground tabular-nums">
                {formatCount(row.expansions)}
                {row.errors > 0 ? <span className="text-destructive"> · {formatCount(row.errors)} failed</span> : null}
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function LatestErrors({ name, errors }: { name: string; errors: PromptUsage["latest_errors"] }) {
  return (
    <section aria-label="Latest errors" className="grid content-start gap-2">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h3 className="text-sm font-medium">Latest errors</h3>
        {errors.length > 0 ? (
          <Link href={promptMetricsHref(name, "events", true)} className="text-xs text-primary hover:underline">
            Every failure
          </Link>
        ) : null}
      </div>
      {errors.length === 0 ? (
        <p className="text-sm text-muted-foreground">No failures in the last {USAGE_DAYS} days.</p>
      ) : (
        <ol className="grid gap-2">
          {errors.map((event) => (
            <li key={event.id} className="grid gap-1 rounded-md border p-2 text-sm">
              <span className="flex flex-wrap items-center gap-1.5 text-xs">
                <Badge variant="destructive">{event.status_code}</Badge>
                {event.error_code ? <span className="font-mono">{event.error_code}</span> : null}
                <span className="text-muted-foreground">
                  {event.version} · {labelText(event.label)} · {channelLabel(event.channel)} ·{" "}
                  <time dateTime={event.occurred_at}>{dateTime.format(new Date(event.occurred_at))}</time>
                </span>
              </span>
              <p className="break-words">{event.error_message ?? "No message"}</p>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

/**
 * How a prompt is used, over the last 30 days and as far as the caller may see: expansions, the
 * error rate, day by day, the versions and labels served, and the latest failures with their
 * messages. The metrics pages go further.
 */
export function PromptUsagePanel({ name }: { name: string }) {
  const usage = usePromptUsage(name);
  if (usage.isPending) {
    return (
      <div aria-busy className="grid gap-4">
        <span className="sr-only">Loading usage…</span>
        <Skeleton className="h-16" />
        <Skeleton className="h-16" />
        <Skeleton className="h-24" />
      </div>
    );
  }
  if (usage.isError) {
    return <ErrorAlert error={usage.error} title="Usage unavailable" onRetry={() => void usage.refetch()} />;
  }
  const data = usage.data;
  const metricsLink = (
    <Button variant="outline" size="sm" asChild>
      <Link href={promptMetricsHref(name, "overview")}>
        <BarChart3 aria-hidden />
        Open in Metrics
      </Link>
    </Button>
  );
  if (data.expansions === 0) {
    return (
      <EmptyState
        icon={Activity}
        title={`Not expanded in the last ${USAGE_DAYS} days`}
        description="Expansions from the playground, IDEs, the REST API and workflows show up here."
        action={metricsLink}
      />
    );
  }
  const figures = [
    { label: "Expansions", value: formatCount(data.expansions) },
    {
      label: "Error rate",
      value: formatPercent(data.error_rate_pct),
      hint: `${formatCount(data.errors)} failed`,
    },
    { label: "Average latency", value: formatLatency(data.avg_latency_ms) },
    { label: "p95 latency", value: formatLatency(data.p95_latency_ms) },
  ];
  return (
    <div className="grid gap-5">
      <div className="flex flex-wrap items-start justify-between gap-3">
        <dl className="grid flex-1 grid-cols-2 gap-4 sm:grid-cols-4" aria-label={`Usage, last ${USAGE_DAYS} days`}>
          {figures.map((figure) => (
            <div key={figure.label}>
              <dt className="text-xs text-muted-foreground">{figure.label}</dt>
              <dd className="text-xl font-semibold tabular-nums">{figure.value}</dd>
              {figure.hint ? <dd className="text-xs text-muted-foreground">{figure.hint}</dd> : null}
            </div>
          ))}
        </dl>
        {metricsLink}
      </div>
      <DailyBars series={data.series} />
      <div className="grid gap-5 md:grid-cols-3">
        <Served
          title="Versions"
          rows={data.versions.map((row) => ({
            key: row.version,
            name: <span className="font-mono">{row.version}</span>,
            expansions: row.expansions,
            errors: row.errors,
          }))}
        />
        <Served
          title="Labels"
          rows={data.labels.map((row) => ({
            key: row.label ?? "",
            name: row.label ? <span className="font-mono">{row.label}</span> : labelText(null),
            expansions: row.expansions,
            errors: row.errors,
          }))}
        />
        <Served
          title="Channels"
          rows={data.channels.map((row) => ({
            key: row.channel,
            name: channelLabel(row.channel),
            expansions: row.expansions,
            errors: row.errors,
          }))}
        />
      </div>
      <LatestErrors name={name} errors={data.latest_errors} />
    </div>
  );
}
