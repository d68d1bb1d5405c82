"use client";

import * as React from "react";
import { toast } from "sonner";
import { ErrorAlert } from "@/components/error-alert";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardFooter, CardHeader, CardTitle } from "@/components/ui/card";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { type OrgSettings, useUpdateOrgSettings } from "./api";
import { parseRetentionDays } from "./usage-data";

// Not react-hook-form: one text box, read by parseRetentionDays, which also gives the number to save.
/** How long workflow runs stay in each workflow's run history. Render it keyed by the saved value. */
export function WorkflowRunRetention({ settings }: { settings: OrgSettings }) {
  const update = useUpdateOrgSettings();
  const saved = String(settings.workflow_run_retention_days);
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
      { workflow_run_retention_days: parsed.days },
      { onSuccess: () => toast.success(`Workflow runs are kept for ${parsed.days} days.`) },
    );
  };

  return (
    <Card>
      <form noValidate onSubmit={onSubmit}>
        <CardHeader>
          <CardTitle>Workflow run retention</CardTitle>
          <CardDescription>
            Each workflow keeps its runs: who ran it, through what, its input and each step's result. Runs older than
            this are removed every hour.
          </CardDescription>
        </CardHeader>
        <CardContent className="grid gap-4">
          {update.error ? <ErrorAlert error={update.error} title="The run retention was not saved" /> : null}
          <Field
            label="Keep workflow runs for (days)"
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
            {update.isPending ? "Saving…" : "Save run retention"}
          </Button>
        </CardFooter>
      </form>
    </Card>
  );
}
