"use client";

import * as React from "react";
import { toast } from "sonner";
import { ConfirmChangeDialog } from "@/components/confirm-change-dialog";
import { ErrorAlert } from "@/components/error-alert";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardFooter, CardHeader, CardTitle } from "@/components/ui/card";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Switch } from "@/components/ui/switch";
import { type OrgSettings, useUpdateOrgSettings } from "./api";
import { OrgSettingsLoader } from "./org-settings-loader";
import { parseRetentionDays } from "./usage-data";
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

// Not react-hook-form: one text box, read by parseRetentionDays, which also gives the number to save.
function UsageRetention({ settings }: { settings: OrgSettings }) {
  const update = useUpdateOrgSettings();
  const saved = String(settings.usage_retention_days);
  const [text, setText] = React.useState(saved);
  const [problem, setProblem] = React.useState<string | null>(null);

  const onSubmit = (event: React.FormEvent) => {
    event.preventDefault();
    const parsed = parseRetentionDays(text);
    if (!parsed.ok) {
      setProblem(parsed.error);
      return;
    }
    update.mutate(
      { usage_retention_days: parsed.days },
      {
        onSuccess: () => toast.success(`Expansion events are kept for ${parsed.days} days.`),
      },
    );
  };

  return (
    <Card>
      <form noValidate onSubmit={onSubmit}>
        <CardHeader>
          <CardTitle>Usage retention</CardTitle>
          <CardDescription>
            The metrics page and each prompt's usage panel read the expansion log. Events older than this, and their
            excerpts, are removed every hour; so are the hourly and daily totals entirely older.
          </CardDescription>
        </CardHeader>
        <CardContent className="grid gap-4">
          {update.error ? <ErrorAlert error={update.error} title="The retention was not saved" /> : null}
          <Field
            label="Keep expansion events for (days)"
            description="From 1 to 3,650 days; 30 by default."
            error={problem ?? undefined}
            className="sm:max-w-xs"
          >
            {(aria) => (
              <Input
                {...aria}
                inputMode="numeric"
                value={text}
                onChange={(event) => {
                  setText(event.target.value);
                  setProblem(null);
                }}
              />
            )}
          </Field>
        </CardContent>
        <CardFooter className="justify-end">
          <Button type="submit" disabled={update.isPending || text.trim() === saved}>
            {update.isPending ? "Saving…" : "Save usage retention"}
          </Button>
        </CardFooter>
      </form>
    </Card>
  );
}
