"use client";

import { Archive, ArchiveRestore, GitPullRequestArrow } from "lucide-react";
import dynamic from "next/dynamic";
import Link from "next/link";
import * as React from "react";
import { ConfirmDialog } from "@/components/confirm-dialog";
import { BackLink, DetailLoadError, OwnedItemDescription } from "@/components/detail-page";
import { ErrorAlert } from "@/components/error-alert";
import { Identifiers } from "@/components/identifiers";
import { PageHeader } from "@/components/page-header";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Skeleton } from "@/components/ui/skeleton";
import { useIsGovernor } from "@/lib/audit-access";
import { PRODUCTION, sortLabels } from "@/lib/labels";
import { canManage, useCurrentUser } from "@/lib/session";
import { cliExpandCommand } from "@/lib/usage-snippets";
import {
  type OpenedReview,
  type Prompt,
  usePrompt,
  usePromptActions,
  usePromptVersions,
  useProtectedLabels,
} from "./api";
import { DuplicatePromptDialog } from "./duplicate-prompt-dialog";
import { LabelBadge } from "./label-badge";
import { NewVersionDialog } from "./new-version-dialog";
import { PromptDetailsDialog } from "./prompt-details-dialog";
import { PromptPlayground } from "./prompt-playground";
import { PromptShareDialog } from "./prompt-share-dialog";

/**
 * The versions and their comparison sit below the playground: their code (tabs, the version
 * table, the diff) loads after the page's first paint, behind a placeholder of their height.
 */
const VersionTabs = dynamic(() => import("./version-tabs").then((module) => module.VersionTabs), {
  loading: () => <Skeleton className="h-64" />,
});

function DetailSkeleton() {
  return (
    <div className="grid gap-6" aria-busy>
      <span className="sr-only">Loading prompt…</span>
      <Skeleton className="h-8 w-64" />
      <Skeleton className="h-4 w-96 max-w-full" />
      <Skeleton className="h-48" />
      <Skeleton className="h-64" />
    </div>
  );
}

/** The prompt's labels and the versions they point at, under its title. */
function PromptLabels({ labels }: { labels: Prompt["labels"] }) {
  const names = sortLabels(Object.keys(labels));
  if (names.length === 0) return null;
  return (
    <ul aria-label="Labels" className="flex flex-wrap items-center gap-1.5">
      {names.map((label) => (
        <li key={label}>
          <LabelBadge label={label} version={labels[label]} />
        </li>
      ))}
    </ul>
  );
}

/** Says that a change now waits for review, with the way to it. */
function ReviewNotice({ review, children }: { review: { id: string }; children: React.ReactNode }) {
  return (
    <Alert className="flex flex-wrap items-center gap-3">
      <GitPullRequestArrow className="shrink-0" aria-hidden />
      <p className="min-w-0 flex-1 basis-56">{children}</p>
      <Button size="sm" variant="outline" asChild>
        <Link href={`/reviews/${encodeURIComponent(review.id)}`}>Open the change request</Link>
      </Button>
    </Alert>
  );
}

/** One prompt: a playground first, then its versions and their comparison, and the owner's actions. */
export function PromptDetailView({ name }: { name: string }) {
  const user = useCurrentUser();
  const prompt = usePrompt(name);
  const versions = usePromptVersions(name);
  const actions = usePromptActions(name);
  const protectedLabels = useProtectedLabels(user.role === "admin").data;
  const governor = useIsGovernor(user);
  const [notice, setNotice] = React.useState<string | null>(null);
  const [review, setReview] = React.useState<OpenedReview | null>(null);
  const onReview = React.useCallback((opened: OpenedReview) => {
    setNotice(null);
    setReview(opened);
  }, []);

  if (prompt.isPending) return <DetailSkeleton />;
  if (prompt.isError) {
    return (
      <DetailLoadError
        error={prompt.error}
        missingStatuses={[403, 404]}
        missingTitle={`No prompt named “${name}”`}
        missingDescription="It does not exist, or it has not been shared with you."
        back={{ href: "/prompts", label: "Back to prompts" }}
        errorTitle="The prompt could not be loaded"
        onRetry={() => void prompt.refetch()}
      />
    );
  }

  const data = prompt.data;
  const manage = canManage(user, data.user_id);
  const actionError = [actions.deprecate, actions.restore].find((m) => m.isError)?.error;
  const owner = data.owner ? data.owner.display_name || data.owner.username : "nobody";
  const served = data.active_version;

  /** Runs one action; the message of an earlier one, good or bad, no longer applies. */
  const run = (action: () => Promise<unknown>, message: string) => {
    for (const mutation of [actions.deprecate, actions.restore]) mutation.reset();
    setNotice(null);
    setReview(null);
    return action().then(
      () => setNotice(message),
      () => undefined,
    );
  };

  return (
    <>
      <BackLink href="/prompts">Prompts</BackLink>
      <PageHeader
        title={
          <span className="flex flex-wrap items-center gap-2">
            <span className="font-mono">{data.name}</span>
            {data.is_deprecated ? <Badge variant="warning">Deprecated</Badge> : null}
          </span>
        }
        description={
          <div className="grid gap-2">
            <OwnedItemDescription
              description={data.description}
              visibility={data.visibility}
              owner={owner}
              updatedAt={data.updated_at}
            />
            <PromptLabels labels={data.labels} />
            <Identifiers
              items={[
                { term: "Name", value: data.name, copyLabel: "Copy prompt name" },
                { term: "ID", value: data.id, copyLabel: "Copy prompt id" },
                { term: "CLI", value: cliExpandCommand(data.name), copyLabel: "Copy CLI command" },
              ]}
            />
          </div>
        }
        actions={
          <>
            {manage ? (
              <>
                <PromptDetailsDialog prompt={data} onSaved={() => setNotice("The details are saved.")} />
                <PromptShareDialog prompt={data} />
                {data.is_deprecated ? (
                  <ConfirmDialog
                    trigger={
                      <Button variant="outline">
                        <ArchiveRestore aria-hidden />
                        Restore
                      </Button>
                    }
                    title={`Restore ${data.name}?`}
                    description="It appears in lists again and can be expanded as before."
                    confirmLabel="Restore"
                    onConfirm={() => run(() => actions.restore.mutateAsync(), `${data.name} is restored.`)}
                  />
                ) : (
                  <ConfirmDialog
                    trigger={
                      <Button variant="outline">
                        <Archive aria-hidden />
                        Deprecate
                      </Button>
                    }
                    title={`Deprecate ${data.name}?`}
                    description="It disappears from prompt lists and IDEs stop offering it. Nothing is deleted: you can restore it at any time."
                    confirmLabel="Deprecate"
                    destructive
                    onConfirm={() => run(() => actions.deprecate.mutateAsync(), `${data.name} is deprecated.`)}
                  />
                )}
                <NewVersionDialog
                  name={data.name}
                  latest={data.latest_version}
                  onCreated={(version) => setNotice(`Version ${version.version} is saved.`)}
                />
              </>
            ) : null}
            {/* Anyone who can read a prompt may start their own from it. */}
            <DuplicatePromptDialog prompt={data} versions={versions.data} />
          </>
        }
      />
      <div className="grid grid-cols-1 gap-6">
        {notice ? <Alert variant="success">{notice}</Alert> : null}
        {review ? (
          <ReviewNotice review={review}>
            The label is protected, so a change request is open: “{review.title}”. The label moves once a reviewer
            approves it.
          </ReviewNotice>
        ) : data.pending_change_request_id ? (
          <ReviewNotice review={{ id: data.pending_change_request_id }}>
            {data.labels[PRODUCTION]
              ? "A move of production waits for review: callers keep getting what they get now until it is approved."
              : "Production is protected: this prompt is served once a change request putting a version on production is approved."}
          </ReviewNotice>
        ) : null}
        {actionError ? <ErrorAlert error={actionError} /> : null}
        <Card>
          <CardHeader>
            <CardTitle>Playground</CardTitle>
            <CardDescription>
              Expand a version with your own input and see what an IDE receives, with your policies and objectives
              applied; your expansions are recorded in the usage figures. If you govern a team, preview what its members
              receive instead (previews are not recorded).
            </CardDescription>
          </CardHeader>
          <CardContent>
            {served ? (
              <PromptPlayground name={data.name} versions={versions.data} served={served} />
            ) : (
              <p className="text-sm text-muted-foreground">
                {data.latest_version
                  ? "No version is on production yet, so IDEs are not served this prompt: it is once a change request putting a version on production is approved."
                  : "There is no version to expand."}
              </p>
            )}
          </CardContent>
        </Card>
        <VersionTabs
          prompt={data}
          versions={versions}
          canMoveLabels={manage && !data.is_deprecated}
          onReview={onReview}
          protectedLabels={protectedLabels}
          showHistory={manage || governor}
        />
      </div>
    </>
  );
}
