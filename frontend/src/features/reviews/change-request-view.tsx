"use client";

import { AlertTriangle } from "lucide-react";
import dynamic from "next/dynamic";
import Link from "next/link";
import { BackLink, DetailLoadError } from "@/components/detail-page";
import { PageHeader } from "@/components/page-header";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Skeleton } from "@/components/ui/skeleton";
import { PRODUCTION } from "@/lib/labels";
import { type ChangeRequest, useChangeRequest } from "./api";
import { staleExplanation } from "./stale-explanation";
import { personName, StateBadge } from "./state-badge";

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });

// The page shows nothing of these before the request has loaded: their code (the diff, the
// forms and dialogs) loads beside it rather than with the page.
const ChangeDiffView = dynamic(() => import("./change-diff-view").then((module) => module.ChangeDiffView), {
  loading: () => <Skeleton className="h-40" />,
});
const CommentThread = dynamic(() => import("./comment-thread").then((module) => module.CommentThread), {
  loading: () => <Skeleton className="h-24" />,
});
const DecisionActions = dynamic(() => import("./decision-actions").then((module) => module.DecisionActions), {
  loading: () => <Skeleton className="h-9 w-48" />,
});

function Version({ value, fallback }: { value: string | null; fallback: string }) {
  return value ? <span className="font-mono">{value}</span> : <span className="text-muted-foreground">{fallback}</span>;
}

/** The facts of the request: what it changes, from what to what, and who decided. */
function Facts({ request }: { request: ChangeRequest }) {
  return (
    <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-2 text-sm">
      {request.kind === "label" ? (
        <>
          <dt className="text-muted-foreground">Prompt</dt>
          <dd className="min-w-0 truncate">
            {request.prompt ? (
              <Link
                href={`/prompts/${encodeURIComponent(request.prompt.name)}`}
                className="font-mono text-primary hover:underline"
              >
                {request.prompt.name}
              </Link>
            ) : (
              "—"
            )}
          </dd>
          <dt className="text-muted-foreground">Label</dt>
          <dd>
            <Badge variant={request.label === PRODUCTION ? "default" : "outline"} className="font-mono">
              {request.label}
            </Badge>
          </dd>
          <dt className="text-muted-foreground">Proposed version</dt>
          <dd>
            <Version value={request.version} fallback="none (clear the label)" />
          </dd>
          <dt className="text-muted-foreground">Served now</dt>
          <dd>
            <Version value={request.served_version} fallback="the latest version (label not set)" />
            {request.base_version !== request.served_version ? (
              <span className="text-muted-foreground"> (was {request.base_version ?? "not set"} when proposed)</span>
            ) : null}
          </dd>
        </>
      ) : (
        <>
          <dt className="text-muted-foreground">Team</dt>
          <dd>{request.team?.name ?? "Organization-wide"}</dd>
          {request.proposal ? (
            <>
              <dt className="text-muted-foreground">Change</dt>
              <dd className="first-letter:uppercase">
                {String(request.proposal.operation ?? "change")} {String(request.proposal.subject ?? "")}
              </dd>
            </>
          ) : null}
        </>
      )}
      <dt className="text-muted-foreground">Proposed by</dt>
      <dd>
        {personName(request.author)} ·{" "}
        <time dateTime={request.created_at}>{dateTime.format(new Date(request.created_at))}</time>
      </dd>
      {request.decided_by && request.decided_at ? (
        <>
          <dt className="text-muted-foreground">
            {request.state === "withdrawn"
              ? "Withdrawn by"
              : request.state === "rejected"
                ? "Rejected by"
                : "Decided by"}
          </dt>
          <dd>
            {personName(request.decided_by)} ·{" "}
            <time dateTime={request.decided_at}>{dateTime.format(new Date(request.decided_at))}</time>
          </dd>
        </>
      ) : null}
    </dl>
  );
}

/** Where the request stands, for anyone reading it: waiting, stale, or decided. */
function StateNotice({ request }: { request: ChangeRequest }) {
  switch (request.state) {
    case "stale":
      return (
        <Alert className="flex gap-3 border-warning/40 bg-warning/10">
          <AlertTriangle className="mt-0.5 shrink-0 text-warning" aria-hidden />
          <div>
            <AlertTitle>This request is stale</AlertTitle>
            <AlertDescription>
              {staleExplanation(request)}{" "}
              {request.can_approve
                ? "Approve anyway applies it as proposed."
                : "A reviewer can still approve it anyway."}
            </AlertDescription>
          </div>
        </Alert>
      );
    case "approved":
      return <Alert variant="success">Approved and applied.</Alert>;
    case "rejected":
      return (
        <Alert variant="destructive" role="status">
          <AlertTitle>Rejected</AlertTitle>
          {request.reason ? (
            <AlertDescription className="whitespace-pre-line">{request.reason}</AlertDescription>
          ) : null}
        </Alert>
      );
    case "withdrawn":
      return <Alert>Withdrawn by its author: nothing changed.</Alert>;
    default:
      return request.can_approve ? null : (
        <Alert>
          {request.kind === "label"
            ? "Waiting for review by an admin or an owner of the prompt owner's team (or a team above it)"
            : `Waiting for review by an admin or an owner of a team above ${request.team?.name ?? "the one changed"}`}
          {request.can_withdraw ? "; you cannot approve your own request" : ""}.
        </Alert>
      );
  }
}

/** One change request: what it changes and the diff, its discussion, and the reviewer's decision. */
export function ChangeRequestView({ id }: { id: string }) {
  const request = useChangeRequest(id);

  if (request.isPending) {
    return (
      <div className="grid gap-6" aria-busy>
        <span className="sr-only">Loading change request…</span>
        <Skeleton className="h-8 w-96 max-w-full" />
        <Skeleton className="h-32" />
        <Skeleton className="h-64" />
      </div>
    );
  }
  if (request.isError) {
    return (
      <DetailLoadError
        error={request.error}
        missingStatuses={[403, 404, 422]}
        missingTitle="No such change request"
        missingDescription="It does not exist, or you cannot see it."
        back={{ href: "/reviews", label: "Back to reviews" }}
        errorTitle="The change request could not be loaded"
        onRetry={() => void request.refetch()}
      />
    );
  }

  const data = request.data;
  return (
    <>
      <BackLink href="/reviews">Reviews</BackLink>
      <PageHeader
        title={data.title}
        description={
          <span className="flex flex-wrap items-center gap-2">
            <StateBadge state={data.state} />
            <span>
              {data.kind === "label" ? "Label change" : "Governance change"} proposed by {personName(data.author)}
            </span>
          </span>
        }
      />
      <div className="grid grid-cols-1 gap-6">
        <StateNotice request={data} />
        <div className="grid gap-6 lg:grid-cols-[minmax(0,1fr)_20rem]">
          <Card className="lg:order-2">
            <CardHeader>
              <CardTitle>Request</CardTitle>
            </CardHeader>
            <CardContent className="grid gap-4">
              <Facts request={data} />
              <DecisionActions request={data} />
            </CardContent>
          </Card>
          <Card className="min-w-0 lg:order-1">
            <CardHeader>
              <CardTitle>Changes</CardTitle>
              <CardDescription>
                {data.kind === "label"
                  ? "What callers of this label would get, against what they get now: templates, input schema, tags and the change note."
                  : "The policy or objective as proposed, against what is in force now."}
              </CardDescription>
            </CardHeader>
            <CardContent>
              <ChangeDiffView request={data} />
            </CardContent>
          </Card>
        </div>
        <Card>
          <CardHeader>
            <CardTitle>Discussion</CardTitle>
          </CardHeader>
          <CardContent>
            <CommentThread requestId={data.id} comments={data.comments ?? []} />
          </CardContent>
        </Card>
      </div>
    </>
  );
}
