"use client";

import dynamic from "next/dynamic";
import { Skeleton } from "@/components/ui/skeleton";

/** Stands in for the filters while their code loads: the same grid, one box per control. */
function FiltersPlaceholder() {
  return (
    <div aria-hidden className="grid grid-cols-2 gap-3 sm:gap-4 lg:grid-cols-4">
      {["range", "prompt", "user", "team", "project", "channel", "status"].map((name) => (
        <div key={name} className="grid gap-1.5">
          <Skeleton className="h-3.5 w-20" />
          <Skeleton className="h-9" />
        </div>
      ))}
    </div>
  );
}

/**
 * The range picker and the filters load beside the page's data rather than with the page (their
 * pickers, selects and forms weigh more than the figures), behind boxes of the same layout. They
 * are drawn in the browser only, once they work: a filter typed into the server's HTML before
 * the page came alive would be lost, and Enter would reload the page.
 */
export const MetricsFilters = dynamic(() => import("./metrics-filters").then((module) => module.MetricsFilters), {
  ssr: false,
  loading: () => <FiltersPlaceholder />,
});
