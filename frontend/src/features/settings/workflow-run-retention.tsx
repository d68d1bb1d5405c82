"use client";

import type { OrgSettings } from "./api";
import { RetentionCard } from "./retention-card";
import { parseRetentionDays, RETENTION_RANGE } from "./usage-data";

/** How long workflow runs stay in each workflow's run history. Render it keyed by the saved value. */
export function WorkflowRunRetention({ settings }: { settings: OrgSettings }) {
  return (
    <RetentionCard
      setting="workflow_run_retention_days"
      saved={settings.workflow_run_retention_days}
      parse={parseRetentionDays}
      text={{
        title: "Workflow run retention",
        description:
          "Each workflow keeps its runs: who ran it, through what, its input and each step's result. Runs older than this are removed every hour.",
        label: "Keep workflow runs for (days)",
        hint: `${RETENTION_RANGE}; 30 by default.`,
        save: "Save run retention",
        notSaved: "The run retention was not saved",
        savedAs: (days) => `Workflow runs are kept for ${days} days.`,
      }}
    />
  );
}
