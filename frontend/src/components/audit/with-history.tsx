"use client";

import { History, LayoutList } from "lucide-react";
import dynamic from "next/dynamic";
import type * as React from "react";
import { Skeleton } from "@/components/ui/skeleton";
import { Tabs, TabsContent, TabsList, TabsTrigger } from "@/components/ui/tabs";

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
    <Tabs defaultValue="overview">
      <TabsList aria-label={label}>
        <TabsTrigger value="overview">
          <LayoutList aria-hidden />
          Overview
        </TabsTrigger>
        <TabsTrigger value="history">
          <History aria-hidden />
          History
        </TabsTrigger>
      </TabsList>
      <TabsContent value="overview">{children}</TabsContent>
      <TabsContent value="history">
        <LazyHistoryPanel targetType={targetType} targetId={targetId} layout={layout} />
      </TabsContent>
    </Tabs>
  );
}
