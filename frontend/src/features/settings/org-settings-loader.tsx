"use client";

import type * as React from "react";
import { ErrorAlert } from "@/components/error-alert";
import { Skeleton } from "@/components/ui/skeleton";
import { type OrgSettings, useOrgSettings } from "./api";

/**
 * The organization's settings for one settings tab: skeletons shaped like the tab's cards while
 * they load, an error with a retry if they can't be, then the tab itself.
 */
export function OrgSettingsLoader({
  subject,
  skeletonHeights,
  children,
}: {
  /** What the tab is about, as in "Loading <subject> settings…". */
  subject: string;
  /** Tailwind height classes, one skeleton per card of the tab. */
  skeletonHeights: string[];
  children: (settings: OrgSettings) => React.ReactNode;
}) {
  const settings = useOrgSettings();
  if (settings.isPending) {
    return (
      <div aria-busy className="grid gap-4 pt-2">
        <span className="sr-only">Loading {subject} settings…</span>
        {skeletonHeights.map((height, index) => (
          // Placeholders with nothing but a position to tell them apart.
          // biome-ignore lint/suspicious/noArrayIndexKey: see above
          <Skeleton key={index} className={height} />
        ))}
      </div>
    );
  }
  if (settings.isError) {
    return (
      <ErrorAlert
        error={settings.error}
        title={`The ${subject} settings could not be loaded`}
        onRetry={() => void settings.refetch()}
      />
    );
  }
  return children(settings.data);
}
