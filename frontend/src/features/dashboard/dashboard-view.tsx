"use client";

import { useQuery } from "@tanstack/react-query";
import { BookOpen, FilePlus2, FileText, GitPullRequestArrow, Plug } from "lucide-react";
import Link from "next/link";
import { ErrorAlert } from "@/components/error-alert";
import { PageHeader } from "@/components/page-header";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Skeleton } from "@/components/ui/skeleton";
import { api, unwrap } from "@/lib/api/client";
import { queryKeys } from "@/lib/api/query-keys";
import type { ResponseBody } from "@/lib/api/types";
import { useReviewsWaiting } from "@/lib/review-count";
import { useCurrentUser } from "@/lib/session";

type Dashboard = ResponseBody<"/api/v1/metrics/dashboard", "get">;

const integer = new Intl.NumberFormat();
const oneDecimal = new Intl.NumberFormat(undefined, { maximumFractionDigits: 1 });

function figures(data: Dashboard) {
  return [
    {
      label: "Prompts",
      value: integer.format(data.total_prompts),
      hint: `${integer.format(data.total_versions)} versions`,
    },
    // The dashboard's figures cover the API's default range, the last 7 days.
    {
      label: "Expansions",
      value: integer.format(data.total_expands),
      hint: `last 7 days; ${integer.format(data.expands_24h)} in the last 24 hours`,
    },
    {
      label: "Average latency",
      value: `${oneDecimal.format(data.avg_latency_ms)} ms`,
      hint: "per expansion, last 7 days",
    },
    { label: "Error rate", value: `${oneDecimal.format(data.error_rate_pct)} %`, hint: "of expansions, last 7 days" },
  ];
}

function Figures({ data }: { data: Dashboard | undefined }) {
  return (
    <dl className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
      {(data ? figures(data) : Array.from({ length: 4 }, () => null)).map((figure, index) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: a fixed set of four cards in a fixed order
        <Card key={index} className="p-5">
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
              <Skeleton className="h-3 w-28" />
            </div>
          )}
        </Card>
      ))}
    </dl>
  );
}

function TopPrompts({ data }: { data: Dashboard }) {
  if (data.top_prompts.length === 0) {
    return (
      <p className="text-sm text-muted-foreground">
        No expansions yet. Expand a prompt in its playground or from your IDE.
      </p>
    );
  }
  return (
    <ol className="divide-y">
      {data.top_prompts.map((prompt) => (
        <li key={prompt.name} className="flex items-center justify-between gap-4 py-2 text-sm">
          <Link href={`/prompts/${encodeURIComponent(prompt.name)}`} className="truncate font-medium hover:underline">
            {prompt.name}
          </Link>
          <span className="shrink-0 text-muted-foreground tabular-nums">
            {integer.format(prompt.count)} · {oneDecimal.format(prompt.avg_latency_ms)} ms
          </span>
        </li>
      ))}
    </ol>
  );
}

/** How many change requests wait for the user's approval, with the way to them. */
function WaitingReviews() {
  const waiting = useReviewsWaiting();
  // Without an answer there is nothing useful to say: the Reviews page shows the error.
  if (waiting.isError) return null;
  return (
    <Card role="region" aria-labelledby="waiting-reviews-title">
      <CardHeader>
        <CardTitle id="waiting-reviews-title">Waiting for your review</CardTitle>
        <CardDescription>Change requests you may approve.</CardDescription>
      </CardHeader>
      <CardContent className="flex flex-wrap items-center justify-between gap-3">
        {waiting.data === undefined ? (
          <Skeleton className="h-8 w-16" />
        ) : (
          <p className="text-sm">
            <span className="mr-2 text-2xl font-semibold tabular-nums">{integer.format(waiting.data)}</span>
            {waiting.data === 1 ? "change request" : "change requests"}
          </p>
        )}
        <Button variant="outline" size="sm" asChild>
          <Link href="/reviews">
            <GitPullRequestArrow aria-hidden />
            Open reviews
          </Link>
        </Button>
      </CardContent>
    </Card>
  );
}

/** The guide is by role: the set-up steps for admins, their team and governance for members. */
const quickActions = (isAdmin: boolean) => [
  { href: "/prompts/new", label: "New prompt", icon: FilePlus2 },
  { href: "/prompts", label: "Browse prompts", icon: FileText },
  { href: "/welcome#connect-ide", label: "Connect an IDE", icon: Plug },
  isAdmin
    ? { href: "/welcome", label: "First-run guide", icon: BookOpen }
    : { href: "/welcome", label: "Your team and governance", icon: BookOpen },
];

/** Headline figures of the registry and its use, with shortcuts to the common tasks. */
export function DashboardView() {
  const user = useCurrentUser();
  const dashboard = useQuery({
    queryKey: queryKeys.metrics.summary,
    queryFn: () => unwrap(api.GET("/api/v1/metrics/dashboard")),
  });
  return (
    <>
      <PageHeader
        title="Dashboard"
        description={
          user.role === "admin" ? "The whole registry at a glance." : "Your prompts and how often they are expanded."
        }
      />
      <div className="grid grid-cols-1 gap-6">
        {dashboard.isError ? (
          <ErrorAlert error={dashboard.error} title="Figures unavailable" onRetry={() => void dashboard.refetch()} />
        ) : (
          <Figures data={dashboard.data} />
        )}
        <div className="grid grid-cols-1 gap-6 lg:grid-cols-[2fr_1fr]">
          <Card>
            <CardHeader>
              <CardTitle>Most expanded prompts</CardTitle>
              <CardDescription>By number of expansions in the last 7 days.</CardDescription>
            </CardHeader>
            <CardContent>
              {dashboard.data ? (
                <TopPrompts data={dashboard.data} />
              ) : (
                <div className="grid gap-2" aria-hidden>
                  <Skeleton className="h-5" />
                  <Skeleton className="h-5" />
                  <Skeleton className="h-5" />
                </div>
              )}
            </CardContent>
          </Card>
          <div className="grid content-start gap-6">
            <WaitingReviews />
            <Card>
              <CardHeader>
                <CardTitle>Quick actions</CardTitle>
              </CardHeader>
              <CardContent className="grid gap-2">
                {quickActions(user.role === "admin").map(({ href, label, icon: Icon }) => (
                  <Button key={href} variant="outline" className="justify-start" asChild>
                    <Link href={href}>
                      <Icon aria-hidden />
                      {label}
                    </Link>
                  </Button>
                ))}
              </CardContent>
            </Card>
          </div>
        </div>
      </div>
    </>
  );
}
