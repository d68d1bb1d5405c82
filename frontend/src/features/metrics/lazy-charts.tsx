"use client";

import dynamic from "next/dynamic";

function ChartPlaceholder({ height }: { height: number }) {
  return <div aria-hidden className="w-full animate-pulse rounded-md bg-muted/40" style={{ height }} />;
}

/**
 * The charts, loaded only when the metrics page shows them: Recharts stays out of the JavaScript
 * every other page loads. A box of the same height holds their place meanwhile.
 */
export const ExpansionsChart = dynamic(() => import("./metrics-charts").then((module) => module.ExpansionsChart), {
  ssr: false,
  loading: () => <ChartPlaceholder height={260} />,
});

export const ErrorRateChart = dynamic(() => import("./metrics-charts").then((module) => module.ErrorRateChart), {
  ssr: false,
  loading: () => <ChartPlaceholder height={200} />,
});
