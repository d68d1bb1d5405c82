"use client";

import { ExternalLink } from "lucide-react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import type * as React from "react";
import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { channelLabel, countOf, formatCount, formatLatency, formatPercent } from "@/lib/usage-format";
import type { MetricsDashboard } from "./api";
import { barWidth, type SeriesPoint, seriesPoints } from "./chart-data";
import { bucketEventsHref, errorEventsHref, eventsHref, type MetricsState, topErrorEventsHref } from "./filters";
import { ErrorRateChart, ExpansionsChart } from "./lazy-charts";

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });

/** The buckets of the series as a table of links: the charts' numbers for the keyboard and screen readers. */
function BucketTable({
  points,
  bucket,
  state,
}: {
  points: SeriesPoint[];
  bucket: "hour" | "day";
  state: MetricsState;
}) {
  return (
    <details className="text-sm">
      <summary className="cursor-pointer text-muted-foreground hover:text-foreground">
        The numbers, {bucket === "hour" ? "hour by hour" : "day by day"}
      </summary>
      <div className="mt-2 max-h-80 overflow-auto rounded-md border">
        <table className="w-full text-xs">
          <caption className="sr-only">
            Expansions and failures {bucket === "hour" ? "per hour" : "per UTC day"}
          </caption>
          <thead className="sticky top-0 bg-muted text-left">
            <tr>
              <th scope="col" className="px-2 py-1 font-medium">
                {bucket === "hour" ? "Hour" : "Day"}
              </th>
              <th scope="col" className="px-2 py-1 text-right font-medium">
                Expansions
              </th>
              <th scope="col" className="px-2 py-1 text-right font-medium">
                Failed
              </th>
              <th scope="col" className="px-2 py-1 text-right font-medium">
                Error rate
              </th>
              <th scope="col" className="px-2 py-1 text-right font-medium">
                Avg latency
              </th>
            </tr>
          </thead>
          <tbody>
            {points.map((point) => (
              <tr key={point.start} className="border-t">
                <th scope="row" className="px-2 py-1 text-left font-normal">
                  {point.title}
                </th>
                <td className="px-2 py-1 text-right tabular-nums">
                  {point.expansions > 0 ? (
                    <Link href={bucketEventsHref(state, point.start, bucket)} className="text-primary hover:underline">
                      {formatCount(point.expansions)}
                    </Link>
                  ) : (
                    0
                  )}
                </td>
                <td className="px-2 py-1 text-right tabular-nums">
                  {point.errors > 0 ? (
                    <Link
                      href={bucketEventsHref(state, point.start, bucket, true)}
                      className="text-destructive hover:underline"
                    >
                      {formatCount(point.errors)}
                    </Link>
                  ) : (
                    0
                  )}
                </td>
                <td className="px-2 py-1 text-right tabular-nums">{formatPercent(point.error_rate_pct)}</td>
                <td className="px-2 py-1 text-right tabular-nums">{formatLatency(point.avg_latency_ms)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </details>
  );
}

function SeriesCards({ data, state }: { data: MetricsDashboard; state: MetricsState }) {
  const router = useRouter();
  const { bucket } = data.range;
  const points = seriesPoints(data.series, bucket);
  const per = bucket === "hour" ? "hour" : "day (UTC)";
  return (
    <div className="grid grid-cols-1 gap-6 lg:grid-cols-2">
      <Card>
        <CardHeader>
          <CardTitle>Expansions</CardTitle>
          <CardDescription>Per {per}, failures on top. Click a bar to see its expansions.</CardDescription>
        </CardHeader>
        <CardContent className="grid gap-3">
          <div aria-hidden>
            <ExpansionsChart
              data={points}
              onSelect={(point) => router.push(bucketEventsHref(state, point.start, bucket))}
            />
          </div>
          <BucketTable points={points} bucket={bucket} state={state} />
        </CardContent>
      </Card>
      <Card>
        <CardHeader>
          <CardTitle>Error rate</CardTitle>
          <CardDescription>
            Share of each {per}'s expansions that failed. Click a point to see its failures.
          </CardDescription>
        </CardHeader>
        <CardContent>
          <div aria-hidden>
            <ErrorRateChart
              data={points}
              onSelect={(point) => router.push(bucketEventsHref(state, point.start, bucket, true))}
            />
          </div>
        </CardContent>
      </Card>
    </div>
  );
}

/** A row's share of the longest, drawn under it. */
function Bar({ value, max, tone = "primary" }: { value: number; max: number; tone?: "primary" | "destructive" }) {
  return (
    <div aria-hidden className="mt-1 h-1.5 rounded-full bg-muted">
      <div
        className={tone === "primary" ? "h-full rounded-full bg-primary" : "h-full rounded-full bg-destructive"}
        style={{ width: `${barWidth(value, max)}%` }}
      />
    </div>
  );
}

function ListCard({
  title,
  description,
  empty,
  children,
}: {
  title: string;
  description: string;
  empty: string | null;
  children: React.ReactNode;
}) {
  return (
    <Card>
      <CardHeader>
        <CardTitle>{title}</CardTitle>
        <CardDescription>{description}</CardDescription>
      </CardHeader>
      <CardContent>{empty ? <p className="text-sm text-muted-foreground">{empty}</p> : children}</CardContent>
    </Card>
  );
}

function TopPrompts({ data, state }: { data: MetricsDashboard; state: MetricsState }) {
  const max = Math.max(0, ...data.top_prompts.map((prompt) => prompt.count));
  return (
    <ListCard
      title="Top prompts"
      description="Most expanded in this range. A name opens its expansions, the failures open its errors."
      empty={data.top_prompts.length === 0 ? "No expansions in this range." : null}
    >
      <ol className="grid gap-3 text-sm" aria-label="Most expanded prompts">
        {data.top_prompts.map((prompt) => (
          <li key={prompt.name}>
            <div className="flex flex-wrap items-baseline justify-between gap-x-4 gap-y-1">
              <span className="flex min-w-0 items-center gap-1.5">
                <Link
                  href={eventsHref(state, { filters: { prompt: prompt.name } })}
                  className="truncate py-0.5 font-mono font-medium text-primary hover:underline"
                >
                  {prompt.name}
                </Link>
                <Link
                  href={`/prompts/${encodeURIComponent(prompt.name)}`}
                  className="inline-flex size-6 shrink-0 items-center justify-center rounded-sm text-muted-foreground hover:text-foreground"
                  aria-label={`Open the prompt ${prompt.name}`}
                  title="Open the prompt"
                >
                  <ExternalLink className="size-3.5" aria-hidden />
                </Link>
              </span>
              <span className="shrink-0 text-xs text-muted-foreground tabular-nums">
                {formatCount(prompt.count)} ·{" "}
                {prompt.errors > 0 ? (
                  <Link
                    href={errorEventsHref(state, { prompt: prompt.name })}
                    className="text-destructive hover:underline"
                    aria-label={`${formatCount(prompt.errors)} failed expansions of ${prompt.name}`}
                  >
                    {formatCount(prompt.errors)} failed ({formatPercent(prompt.error_rate_pct)})
                  </Link>
                ) : (
                  "none failed"
                )}{" "}
                · {formatLatency(prompt.avg_latency_ms)}
              </span>
            </div>
            <Bar value={prompt.count} max={max} />
          </li>
        ))}
      </ol>
    </ListCard>
  );
}

function TopErrors({ data, state }: { data: MetricsDashboard; state: MetricsState }) {
  return (
    <ListCard
      title="Top errors"
      description="The most frequent failures in this range, with what callers were told. Each opens its failures."
      empty={data.top_errors.length === 0 ? "No failures in this range." : null}
    >
      <ol className="grid gap-3 text-sm" aria-label="Most frequent errors">
        {data.top_errors.map((error) => (
          <li
            key={`${error.status_code}:${error.error_code}:${error.error_message}`}
            className="grid gap-1 rounded-lg border p-3"
          >
            <div className="flex flex-wrap items-center justify-between gap-2">
              <Link
                href={topErrorEventsHref(state, error)}
                className="flex min-w-0 items-center gap-2 font-medium hover:underline"
              >
                <Badge variant="destructive">{error.status_code}</Badge>
                <span className="truncate font-mono text-xs">{error.error_code ?? "internal_error"}</span>
              </Link>
              <span className="text-xs text-muted-foreground tabular-nums">
                {countOf(error.count, "time", "times")}
              </span>
            </div>
            <p className="break-words">{error.error_message ?? "No message"}</p>
            <p className="text-xs text-muted-foreground">
              Last seen <time dateTime={error.last_seen_at}>{dateTime.format(new Date(error.last_seen_at))}</time>
            </p>
          </li>
        ))}
      </ol>
    </ListCard>
  );
}

function Channels({ data, state }: { data: MetricsDashboard; state: MetricsState }) {
  const max = Math.max(0, ...data.channels.map((channel) => channel.expansions));
  return (
    <ListCard
      title="Channels"
      description="Where expansions came from: the REST API, MCP tools and prompts, workflow steps."
      empty={data.channels.length === 0 ? "No expansions in this range." : null}
    >
      <ul className="grid gap-3 text-sm sm:grid-cols-2" aria-label="Expansions by channel">
        {data.channels.map((channel) => (
          <li key={channel.channel}>
            <div className="flex flex-wrap items-baseline justify-between gap-x-4">
              <Link
                href={eventsHref(state, { filters: { channel: channel.channel } })}
                className="font-medium text-primary hover:underline"
              >
                {channelLabel(channel.channel)}
              </Link>
              <span className="text-xs text-muted-foreground tabular-nums">
                {formatCount(channel.expansions)} ·{" "}
                {channel.errors > 0 ? (
                  <Link
                    href={errorEventsHref(state, { channel: channel.channel })}
                    className="text-destructive hover:underline"
                  >
                    {formatCount(channel.errors)} failed
                  </Link>
                ) : (
                  "none failed"
                )}
              </span>
            </div>
            <Bar value={channel.expansions} max={max} />
          </li>
        ))}
      </ul>
    </ListCard>
  );
}

/**
 * Everything the overview shows below its figures once the dashboard has answered: the series,
 * the top prompts and errors, the channels. Loaded beside the data rather than with the page.
 */
export function MetricsPanels({ data, state }: { data: MetricsDashboard; state: MetricsState }) {
  return (
    <>
      <SeriesCards data={data} state={state} />
      <div className="grid grid-cols-1 gap-6 lg:grid-cols-2">
        <TopPrompts data={data} state={state} />
        <TopErrors data={data} state={state} />
      </div>
      <Channels data={data} state={state} />
    </>
  );
}
