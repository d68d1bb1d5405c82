"use client";

import dynamic from "next/dynamic";
import { LazyHistoryPanel } from "@/components/audit/with-history";
import { ErrorAlert } from "@/components/error-alert";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Skeleton } from "@/components/ui/skeleton";
import { Tabs, TabsContent, TabsList, TabsTrigger } from "@/components/ui/tabs";
import { PRODUCTION } from "@/lib/labels";
import type { OpenedReview, Prompt, usePromptVersions } from "./api";
import { useLabelActions } from "./use-label-actions";
import { VersionCompare } from "./version-compare";
import { VersionList } from "./version-list";

type VersionsQuery = ReturnType<typeof usePromptVersions>;

/** The usage panel's code loads when its tab is first opened. */
const PromptUsagePanel = dynamic(() => import("./prompt-usage").then((module) => module.PromptUsagePanel), {
  loading: () => <Skeleton className="h-48" />,
});

/** Which version expansion serves, and why. */
function servedSentence(prompt: Prompt): string {
  const served = prompt.active_version;
  if (!served) return "No version yet.";
  if (prompt.labels[PRODUCTION] === served.version) {
    return served.id === prompt.latest_version?.id
      ? `Version ${served.version} is served: production points at it.`
      : `Version ${served.version} is served: production points at it, though newer versions exist.`;
  }
  return `The latest version, ${served.version}, is served.`;
}

/**
 * A prompt's versions (with their labels) and, on tabs of their own, the comparison of two of
 * them, how the prompt is used, and its history.
 */
export function VersionTabs({
  prompt,
  versions,
  canMoveLabels,
  onReview,
  protectedLabels,
  showHistory,
}: {
  prompt: Prompt;
  versions: VersionsQuery;
  /** Owners and admins move and clear labels from the version table. */
  canMoveLabels: boolean;
  /** A move of a protected label opened a change request instead: the page says so. */
  onReview: (review: OpenedReview) => void;
  protectedLabels: readonly string[] | undefined;
  /** For those who may read the prompt's audit events: its owner, the owners of teams above, admins. */
  showHistory: boolean;
}) {
  // Here rather than on the page: their code loads with these tabs, after the page's first paint.
  const labelActions = useLabelActions(prompt.name, prompt.labels, onReview);
  return (
    <Tabs defaultValue="versions">
      <TabsList aria-label="Versions">
        <TabsTrigger value="versions">Versions</TabsTrigger>
        <TabsTrigger value="compare">Compare versions</TabsTrigger>
        <TabsTrigger value="usage">Usage</TabsTrigger>
        {showHistory ? <TabsTrigger value="history">History</TabsTrigger> : null}
      </TabsList>
      <TabsContent value="versions">
        <Card>
          <CardHeader>
            <CardTitle>Versions</CardTitle>
            <CardDescription>{servedSentence(prompt)}</CardDescription>
          </CardHeader>
          <CardContent className="grid gap-4">
            {labelActions.clearError ? (
              <ErrorAlert error={labelActions.clearError} title="The label was not cleared" />
            ) : null}
            {versions.isError ? (
              <ErrorAlert error={versions.error} onRetry={() => void versions.refetch()} />
            ) : (
              <VersionList
                prompt={prompt}
                versions={versions.data}
                labelActions={canMoveLabels ? labelActions : null}
                protectedLabels={protectedLabels}
              />
            )}
          </CardContent>
        </Card>
      </TabsContent>
      <TabsContent value="compare">
        <Card>
          <CardHeader>
            <CardTitle>Compare versions</CardTitle>
            <CardDescription>
              Line by line, what changed in the templates, the input schema, the tags and the change note between two
              versions.
            </CardDescription>
          </CardHeader>
          <CardContent>
            {versions.isPending ? (
              <Skeleton className="h-24" />
            ) : versions.isError ? null : (
              <VersionCompare key={versions.data[0]?.id} versions={versions.data} />
            )}
          </CardContent>
        </Card>
      </TabsContent>
      <TabsContent value="usage">
        <Card>
          <CardHeader>
            <CardTitle>Usage</CardTitle>
            <CardDescription>
              Expansions of this prompt in the last 30 days that you may see: how many failed and why, and which
              versions and labels were served.
            </CardDescription>
          </CardHeader>
          <CardContent>
            <PromptUsagePanel name={prompt.name} />
          </CardContent>
        </Card>
      </TabsContent>
      {showHistory ? (
        <TabsContent value="history">
          <Card>
            <CardHeader>
              <CardTitle>History</CardTitle>
              <CardDescription>
                Every recorded change to this prompt: versions, labels, details and shares, with who made each and how.
              </CardDescription>
            </CardHeader>
            <CardContent>
              <LazyHistoryPanel targetType="prompt" targetId={prompt.id} />
            </CardContent>
          </Card>
        </TabsContent>
      ) : null}
    </Tabs>
  );
}
