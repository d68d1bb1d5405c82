"use client";

import { ErrorAlert } from "@/components/error-alert";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Skeleton } from "@/components/ui/skeleton";
import { Tabs, TabsContent, TabsList, TabsTrigger } from "@/components/ui/tabs";
import type { Prompt, usePromptVersions } from "./api";
import { VersionCompare } from "./version-compare";
import { VersionList } from "./version-list";

type VersionsQuery = ReturnType<typeof usePromptVersions>;

/** A prompt's versions (with pin and unpin) and, on a tab of its own, the comparison of two of them. */
export function VersionTabs({
  prompt,
  versions,
  canManage,
  busy,
  onPin,
  onUnpin,
}: {
  prompt: Prompt;
  versions: VersionsQuery;
  canManage: boolean;
  busy: boolean;
  onPin: (version: string) => void;
  onUnpin: () => void;
}) {
  const served = prompt.active_version;
  return (
    <Tabs defaultValue="versions">
      <TabsList aria-label="Versions">
        <TabsTrigger value="versions">Versions</TabsTrigger>
        <TabsTrigger value="compare">Compare versions</TabsTrigger>
      </TabsList>
      <TabsContent value="versions">
        <Card>
          <CardHeader>
            <CardTitle>Versions</CardTitle>
            <CardDescription>
              {served
                ? prompt.is_pinned
                  ? `Version ${served.version} is pinned: it is served even though newer versions exist.`
                  : `The latest version, ${served.version}, is served.`
                : "No version yet."}
            </CardDescription>
          </CardHeader>
          <CardContent>
            {versions.isError ? (
              <ErrorAlert error={versions.error} onRetry={() => void versions.refetch()} />
            ) : (
              <VersionList
                prompt={prompt}
                versions={versions.data}
                canManage={canManage}
                busy={busy}
                onPin={onPin}
                onUnpin={onUnpin}
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
              Line by line, what changed in the templates, the input schema and the tags between two versions.
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
    </Tabs>
  );
}
