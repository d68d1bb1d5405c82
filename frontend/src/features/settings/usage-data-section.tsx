"use client";

import * as React from "react";
import { ConfirmChangeDialog } from "@/components/confirm-change-dialog";
import { ErrorAlert } from "@/components/error-alert";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Label } from "@/components/ui/label";
import { Switch } from "@/components/ui/switch";
import { toast } from "@/components/ui/toast";
import { type OrgSettings, useUpdateOrgSettings } from "./api";
import { OrgSettingsLoader } from "./org-settings-loader";
import { RetentionCard } from "./retention-card";
import { parseRetentionDays, RETENTION_RANGE } from "./usage-data";
import { WorkflowRunRetention } from "./workflow-run-retention";

const SAMPLING_ON =
  "From now on, each logged expansion keeps up to 1 KB of its input and of the messages it returned, with email addresses, tokens, API keys and long secrets replaced by [redacted]. Admins and team owners can read these excerpts on the metrics page. Turning sampling off keeps no more text; excerpts kept so far stay until retention removes them.";

/** What the expansion log keeps beyond its figures, and how long it and the workflow run history last. */
export function UsageDataSection() {
  return (
    <OrgSettingsLoader subject="usage" skeletonHeights={["h-36", "h-36", "h-36"]}>
      {(settings) => (
        <div className="grid gap-6">
          <UsageSampling settings={settings} />
          {/* Starts again from what is saved when the retention changes, not when sampling does. */}
          <UsageRetention key={String(settings.usage_retention_days)} settings={settings} />
          <WorkflowRunRetention key={`runs-${settings.workflow_run_retention_days}`} settings={settings} />
        </div>
      )}
    </OrgSettingsLoader>
  );
}

function UsageSampling({ settings }: { settings: OrgSettings }) {
  const update = useUpdateOrgSettings();
  const [confirm, setConfirm] = React.useState(false);
  const switchRef = React.useRef<HTMLButtonElement>(null);
  const on = settings.usage_sampling;
  const save = (next: boolean) =>
    update
      .mutateAsync({ usage_sampling: next })
      .then(() => toast.success(next ? "Sampling is on: new expansions keep a redacted excerpt." : "Sampling is off."));

  return (
    <Card>
      <CardHeader>
        <CardTitle>Usage sampling</CardTitle>
        <CardDescription>
          Every expansion is logged with who made it, which version was served, how it ended and its sizes, but never
          its text. Sampling also keeps a short excerpt of the input and the output, to see what callers sent when an
          expansion fails. Off by default.
        </CardDescription>
      </CardHeader>
      <CardContent className="grid gap-3">
        {update.error ? <ErrorAlert error={update.error} title="Sampling was not changed" /> : null}
        <div className="flex items-start gap-3">
          <Switch
            ref={switchRef}
            id="usage-sampling"
            checked={on}
            disabled={update.isPending}
            aria-describedby="usage-sampling-help"
            onCheckedChange={(next) => {
              update.reset();
              if (next) setConfirm(true);
              else void save(false).catch(() => undefined);
            }}
          />
          <div className="grid gap-1">
            <Label htmlFor="usage-sampling">Keep redacted excerpts of inputs and outputs</Label>
            <p id="usage-sampling-help" className="text-xs text-muted-foreground">
              {on
                ? "On: each new expansion keeps up to 1 KB of its input and output, with secrets and email addresses redacted."
                : "Off: no text of inputs or outputs is kept, only their sizes."}
            </p>
          </div>
        </div>
        <ConfirmChangeDialog
          open={confirm}
          onClose={() => setConfirm(false)}
          title="Keep excerpts of expansions?"
          summary={SAMPLING_ON}
          confirmLabel="Turn sampling on"
          onConfirm={() => save(true)}
          returnFocusTo={switchRef}
        />
      </CardContent>
    </Card>
  );
}

function UsageRetention({ settings }: { settings: OrgSettings }) {
  return (
    <RetentionCard
      setting="usage_retention_days"
      saved={settings.usage_retention_days}
      parse={parseRetentionDays}
      text={{
        title: "Usage retention",
        description:
          "The metrics page and each prompt's usage panel read the expansion log. Events older than this, and their excerpts, are removed every hour; so are the hourly and daily totals entirely older.",
        label: "Keep expansion events for (days)",
        hint: `${RETENTION_RANGE}; 30 by default.`,
        save: "Save usage retention",
        notSaved: "The retention was not saved",
        savedAs: (days) => `Expansion events are kept for ${days} days.`,
      }}
    />
  );
}
