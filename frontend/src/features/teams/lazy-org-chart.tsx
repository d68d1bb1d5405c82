"use client";

import dynamic from "next/dynamic";

/**
 * The org chart, loaded only when the Teams page shows it: @xyflow/react is the largest library
 * of the web UI and stays out of the JavaScript the page needs before it can answer input.
 */
export const OrgChart = dynamic(() => import("./org-chart").then((module) => module.OrgChart), {
  ssr: false,
  loading: () => <div aria-hidden className="h-full min-h-[420px] w-full animate-pulse rounded-md bg-muted/40" />,
});
