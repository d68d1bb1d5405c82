"use client";

import { History, LayoutList } from "lucide-react";
import dynamic from "next/dynamic";
import type * as React from "react";
import { SimpleTabs } from "@/components/ui/simple-tabs";
import { Skeleton } from "@/components/ui/skeleton";

/** The history's code loads when its tab is first opened. */
export const LazyHistoryPanel = dynamic(() => import("./history-panel").then((module) => module.HistoryPanel), {
  loading: () => <Skeleton className="h-40" />,
});

/**
 * A detail page's content with a History tab beside it, for those who may read the item's
 * audit events (`show`); everyone else sees the content as before, without tabs.
 */
export function WithHistory({
  show,
  targetType,
  targetId,
  label,
  layout,
  children,
}: {
  show: boolean;
  targetType: string;
  targetId: string;
  /** Names the tab list, e.g. "Workflow sections". */
  label: string;
  /** How the events are laid out (see HistoryPanel). */
  layout?: "table" | "list";
  children: React.ReactNode;
}) {
  if (!show) return <>{children}</>;
  return (
    <SimpleTabs
      label={label}
      tabs={[
        {
          value: "overview",
          label: (
            <>
              <LayoutList aria-hidden />
              Overview
            </>
          ),
          content: children,
        },
        {
          value: "history",
          label: (
            <>
              <History aria-hidden />
              History
            </>
          ),
          content: <LazyHistoryPanel targetType={targetType} targetId={targetId} layout={layout} />,
        },
      ]}
    />
  );
}
