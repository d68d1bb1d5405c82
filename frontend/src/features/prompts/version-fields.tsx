"use client";

import { type Control, Controller, type FieldErrors } from "react-hook-form";
import { CodeEditor } from "@/components/lazy-code-editor";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import type { VersionFormValues } from "./schemas";

const EDITORS = [
  {
    name: "system_template",
    label: "System template",
    language: "jinja",
    rows: 5,
    description:
      "Optional. Jinja syntax: {{ input }} inserts a variable; {{ policies }} and {{ objectives }} are always available.",
  },
  { name: "user_template", label: "User template", language: "jinja", rows: 5, description: undefined },
  {
    name: "input_schema",
    label: "Input schema (JSON)",
    language: "json",
    rows: 8,
    description: "A JSON Schema for the expansion input; the playground builds its form from it.",
  },
] as const;

/**
 * The inputs of one version: label, tags, both templates and the input schema. Used by the
 * new-prompt form and the new-version dialog, whose form values include these fields.
 */
export function VersionFields<T extends VersionFormValues>({
  control,
  errors,
}: {
  control: Control<T>;
  errors: FieldErrors<T>;
}) {
  // The generic form type always contains the version fields; narrowing once keeps the JSX readable.
  const ctl = control as unknown as Control<VersionFormValues>;
  const err = errors as FieldErrors<VersionFormValues>;
  return (
    <div className="grid gap-4">
      <div className="grid gap-4 sm:grid-cols-[12rem_1fr]">
        <Field label="Version" required error={err.version?.message}>
          {(aria) => <Controller control={ctl} name="version" render={({ field }) => <Input {...aria} {...field} />} />}
        </Field>
        <Field label="Tags" description="Comma-separated, e.g. review, python" error={err.tags?.message}>
          {(aria) => <Controller control={ctl} name="tags" render={({ field }) => <Input {...aria} {...field} />} />}
        </Field>
      </div>
      {EDITORS.map((editor) => (
        <Field
          key={editor.name}
          label={editor.label}
          description={editor.description}
          error={err[editor.name]?.message}
        >
          {(aria, { labelId }) => (
            <Controller
              control={ctl}
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
                  onBlur={field.onBlur}
                />
              )}
            />
          )}
        </Field>
      ))}
    </div>
  );
}
