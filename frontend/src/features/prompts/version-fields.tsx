"use client";

import type * as React from "react";
import { CodeEditor } from "@/components/lazy-code-editor";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import type { FormErrors } from "@/lib/use-schema-form";
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

type VersionFieldName = keyof VersionFormValues & string;

/** What the fields need of the form they are part of (useSchemaForm's, whose values include these). */
type VersionForm = {
  values: VersionFormValues;
  errors: FormErrors<VersionFormValues>;
  register: (name: VersionFieldName) => {
    name: string;
    value: string;
    onChange: (event: React.ChangeEvent<HTMLInputElement>) => void;
  };
  setValue: (name: VersionFieldName, value: string) => void;
};

/**
 * The inputs of one version: label, tags, both templates and the input schema. Used by the
 * new-prompt form and the new-version dialog, whose form values include these fields.
 */
export function VersionFields({ form }: { form: VersionForm }) {
  const { errors } = form;
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
      {EDITORS.map((editor) => (
        <Field
          key={editor.name}
          label={editor.label}
          description={editor.description}
          error={errors[editor.name]?.message}
        >
          {(aria, { labelId }) => (
            <CodeEditor
              id={aria.id}
              aria-labelledby={labelId}
              aria-describedby={aria["aria-describedby"]}
              aria-invalid={aria["aria-invalid"]}
              language={editor.language}
              rows={editor.rows}
              value={form.values[editor.name]}
              onChange={(value) => form.setValue(editor.name, value)}
            />
          )}
        </Field>
      ))}
    </div>
  );
}
