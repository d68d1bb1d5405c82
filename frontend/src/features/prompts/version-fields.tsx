"use client";

import dynamic from "next/dynamic";
import * as React from "react";
import { Controller, useFormContext, useFormState, useWatch } from "react-hook-form";
import { CodeEditor } from "@/components/lazy-code-editor";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { Textarea } from "@/components/ui/textarea";
import { changeNoteRule } from "@/lib/api/rules";
import type { VersionFormValues } from "./schemas";
import type { LiveProblems } from "./template-assist";

/**
 * The live check, variables, preview and reference load after the form: the new-prompt page's
 * first load has no room for them, and the editors work without them.
 */
const TemplateAssist = dynamic(() => import("./template-assist").then((module) => module.TemplateAssist), {
  ssr: false,
  loading: () => <div aria-hidden className="h-64 animate-pulse rounded-lg border bg-muted/40" />,
});

const EDITORS = [
  {
    name: "system_template",
    label: "System template",
    language: "jinja",
    rows: 5,
    description:
      "Optional. Jinja syntax: {{ code }} inserts an input; {{ policies }}, {{ objectives }} and the governance lists are always available.",
  },
  { name: "user_template", label: "User template", language: "jinja", rows: 5, description: undefined },
  {
    name: "input_schema",
    label: "Input schema (JSON)",
    language: "json",
    rows: 8,
    description:
      "A JSON Schema for the expansion input. Properties keep this order in IDEs' slash commands and the playground's form; defaults apply when a caller leaves them out.",
  },
] as const;

/**
 * The inputs of one version: label, tags, both templates, the input schema and a change note, with the live
 * check beside them. Used by the new-prompt form and the new-version dialog, whose form values
 * include these fields: they provide their form through react-hook-form's FormProvider. A problem
 * the check finds shows under its editor until the form's own validation has something to say there.
 */
export function VersionFields() {
  const form = useFormContext<VersionFormValues>();
  const { control } = form;
  const { errors, isSubmitted } = useFormState({ control });
  const [systemTemplate, userTemplate, inputSchema] = useWatch({
    control,
    name: ["system_template", "user_template", "input_schema"],
  });
  const [live, setLive] = React.useState<LiveProblems>({});
  return (
    <div className="grid gap-4">
      <div className="grid gap-4 sm:grid-cols-[12rem_1fr]">
        <Field label="Version" required error={errors.version?.message}>
          {(aria) => <Input {...aria} {...form.register("version")} />}
        </Field>
        <Field label="Tags" description="Comma-separated, e.g. review, python" error={errors.tags?.message}>
          {(aria) => <Input {...aria} {...form.register("tags")} />}
        </Field>
      </div>
      <div className="grid gap-6 lg:grid-cols-[minmax(0,1fr)_minmax(0,22rem)]">
        <div className="grid content-start gap-4">
          {EDITORS.map((editor) => (
            <Field
              key={editor.name}
              label={editor.label}
              description={editor.description}
              error={errors[editor.name]?.message ?? live[editor.name]}
            >
              {(aria, { labelId }) => (
                <Controller
                  control={control}
                  name={editor.name}
                  render={({ field }) => (
                    <CodeEditor
                      id={aria.id}
                      aria-labelledby={labelId}
                      aria-describedby={aria["aria-describedby"]}
                      aria-invalid={aria["aria-invalid"]}
                      language={editor.language}
                      rows={editor.rows}
                      value={field.value}
                      onChange={field.onChange}
                    />
                  )}
                />
              )}
            </Field>
          ))}
          <Field
            label="Change note"
            description="Optional: what changed and why. The version list shows it, and reviewers read it beside the diff."
            error={errors.change_note?.message}
          >
            {(aria) => (
              <Textarea {...aria} rows={2} maxLength={changeNoteRule.maxLength} {...form.register("change_note")} />
            )}
          </Field>
        </div>
        <TemplateAssist
          values={{ system_template: systemTemplate, user_template: userTemplate, input_schema: inputSchema }}
          onSchemaChange={(text) => form.setValue("input_schema", text, { shouldValidate: isSubmitted })}
          onProblems={setLive}
        />
      </div>
    </div>
  );
}
