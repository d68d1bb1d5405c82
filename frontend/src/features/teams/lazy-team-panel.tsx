"use client";

import dynamic from "next/dynamic";
import { Skeleton } from "@/components/ui/skeleton";

/** Stands in for the selected team's panel while the teams or the panel's code load. */
export function TeamPanelSkeleton() {
  return (
    <div aria-busy>
      <span className="sr-only">Loading the team…</span>
      <Skeleton className="h-[32rem]" />
    </div>
  );
}

export const loadTeamPanel = () => import("./team-panel");

/**
 * The selected team's panel (details, owner, members, governance and their dialogs), loaded
 * beside the teams themselves: it is drawn only once they have arrived, so it need not be part
 * of the code the page loads before its first paint.
 */
export const TeamPanel = dynamic(() => loadTeamPanel().then((module) => module.TeamPanel), {
  ssr: false,
  loading: () => <TeamPanelSkeleton />,
});
