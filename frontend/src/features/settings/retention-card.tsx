"use client";

import * as React from "react";
import { ErrorAlert } from "@/components/error-alert";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardFooter, CardHeader, CardTitle } from "@/components/ui/card";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { toast } from "@/components/ui/toast";
import { useUpdateOrgSettings } from "./api";

type RetentionSetting = "usage_retention_days" | "workflow_run_retention_days" | "audit_retention_days";
type Parsed<Days> = { ok: true; days: Days } | { ok: false; error: string };

// Not react-hook-form: one text box, read by `parse`, which also gives the number to save.
/**
 * How long something is kept, in days: one of the organization's retention settings. Render it
 * keyed by the saved value, so a change saved elsewhere resets the box.
 */
export function RetentionCard<Days extends number | null>({
  setting,
  saved,
  parse,
  text: words,
}: {
  setting: RetentionSetting;
  saved: Days;
  parse: (text: string) => Parsed<Days>;
  text: {
    title: string;
    description: string;
    label: string;
    hint: string;
    placeholder?: string;
    save: string;
    notSaved: string;
    savedAs: (days: Days) => string;
  };
}) {
  const update = useUpdateOrgSettings();
  const savedText = saved === null ? "" : String(saved);
  const [text, setText] = React.useState(savedText);
  const [problem, setProblem] = React.useState<string | null>(null);

  const onSubmit = (event: React.FormEvent) => {
    event.preventDefault();
    const parsed = parse(text);
    if (!parsed.ok) {
      setProblem(parsed.error);
      return;
    }
    update.mutate({ [setting]: parsed.days }, { onSuccess: () => toast.success(words.savedAs(parsed.days)) });
  };

  return (
    <Card>
      <form noValidate onSubmit={onSubmit}>
        <CardHeader>
          <CardTitle>{words.title}</CardTitle>
          <CardDescription>{words.description}</CardDescription>
        </CardHeader>
        <CardContent className="grid gap-4">
          {update.error ? <ErrorAlert error={update.error} title={words.notSaved} /> : null}
          <Field label={words.label} description={words.hint} error={problem ?? undefined} className="sm:max-w-xs">
            {(aria) => (
              <Input
                {...aria}
                inputMode="numeric"
                placeholder={words.placeholder}
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
          <Button type="submit" disabled={update.isPending || text.trim() === savedText}>
            {update.isPending ? "Saving…" : words.save}
          </Button>
        </CardFooter>
      </form>
    </Card>
  );
}
