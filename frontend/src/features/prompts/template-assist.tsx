"use client";

import { BookOpen, CircleAlert, CircleCheck, Plus } from "lucide-react";
import * as React from "react";
import { SchemaFormFields } from "@/components/schema-form-fields";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { type FormValue, type FormValues, initialValues, schemaToFields, valuesToInput } from "@/lib/json-schema-form";
import { useVersionCheck, type VersionCheck } from "./api";
import { addSchemaProperty } from "./form-values";
import { TemplateReference } from "./template-reference";
import { parseInputSchema } from "./version-text";

export type CheckedField = "system_template" | "user_template" | "input_schema";
export type LiveProblems = Partial<Record<CheckedField, string>>;

type Problem = VersionCheck["problems"][number];

const placeOf = (problem: Problem) =>
  problem.line === null ? problem.message : `Line ${problem.line}, column ${problem.column}: ${problem.message}`;

/** The problems under the editor each belongs to, one sentence each. */
function problemsByField(problems: readonly Problem[]): LiveProblems {
  const byField: Record<string, string[]> = {};
  for (const problem of problems) {
    byField[problem.field] = [...(byField[problem.field] ?? []), placeOf(problem)];
  }
  return Object.fromEntries(Object.entries(byField).map(([field, messages]) => [field, messages.join(" ")]));
}

const KIND_LABELS: Record<VersionCheck["variables"][number]["kind"], string> = {
  input: "input",
  governance: "governance",
  unknown: "not in the schema",
};

/**
 * Beside the version editor: checks the draft as the author types (the backend's own rules,
 * through the validate endpoint), lists the variables the templates read with a way to add the
 * missing ones to the input schema, renders a live preview from sample input, and opens the
 * template reference. Problems are handed to the form, which shows each under its editor.
 */
export function TemplateAssist({
  values,
  onSchemaChange,
  onProblems,
}: {
  values: Record<CheckedField, string>;
  onSchemaChange: (text: string) => void;
  onProblems: (problems: LiveProblems) => void;
}) {
  const parsed = React.useMemo(() => parseInputSchema(values.input_schema), [values.input_schema]);
  const schema = parsed.ok ? parsed.schema : null;
  const fields = React.useMemo(() => schemaToFields(schema), [schema]);
  const [sample, setSample] = React.useState<FormValues>(() => initialValues(schema, fields));
  const [referenceOpen, setReferenceOpen] = React.useState(false);

  // A field the schema gains starts from its default; values already typed stay.
  React.useEffect(() => {
    setSample((current) => ({ ...initialValues(schema, fields), ...pick(current, fields) }));
  }, [schema, fields]);

  const converted = valuesToInput(fields, sample);
  const body =
    schema === null
      ? null
      : {
          system_template: values.system_template.trim() ? values.system_template : null,
          user_template: values.user_template.trim() ? values.user_template : null,
          input_schema: schema,
          ...(converted.ok ? { input: converted.input } : {}),
        };
  const check = useVersionCheck(body);
  const data = schema === null ? undefined : check.data;

  React.useEffect(() => {
    onProblems(data ? problemsByField(data.problems) : {});
  }, [data, onProblems]);

  const addToSchema = (name: string) => {
    const next = addSchemaProperty(values.input_schema, name);
    if (next !== null) onSchemaChange(next);
  };

  return (
    <aside aria-label="Template check" className="grid content-start gap-5 rounded-lg border bg-muted/20 p-4">
      <p role="status" aria-live="polite" className="flex items-start gap-2 text-sm">
        {schema === null ? (
          <>
            <CircleAlert className="mt-0.5 size-4 shrink-0 text-warning" aria-hidden />
            The input schema is not a JSON object yet: the templates are checked once it is.
          </>
        ) : !data ? (
          <span className="text-muted-foreground">Checking…</span>
        ) : data.valid ? (
          <>
            <CircleCheck className="mt-0.5 size-4 shrink-0 text-success" aria-hidden />
            No problems: this version works for every caller.
          </>
        ) : (
          <>
            <CircleAlert className="mt-0.5 size-4 shrink-0 text-destructive" aria-hidden />
            {data.problems.length === 1 ? "1 problem" : `${data.problems.length} problems`} to fix before saving.
          </>
        )}
      </p>
      {check.isError && schema !== null ? (
        <p className="text-xs text-destructive">The templates could not be checked: {check.error.message}</p>
      ) : null}

      <section aria-labelledby="assist-variables" className="grid gap-2">
        <h3 id="assist-variables" className="text-sm font-semibold">
          Variables
        </h3>
        {data && data.variables.length > 0 ? (
          <ul className="grid gap-1.5">
            {data.variables.map((variable) => (
              <li key={variable.name} className="flex flex-wrap items-center gap-2 text-sm">
                <code className="font-mono text-xs">{variable.name}</code>
                <Badge variant={variable.kind === "unknown" ? "destructive" : "secondary"}>
                  {KIND_LABELS[variable.kind]}
                </Badge>
                {variable.kind === "unknown" ? (
                  <Button
                    type="button"
                    size="sm"
                    variant="outline"
                    className="ml-auto h-7"
                    onClick={() => addToSchema(variable.name)}
                    aria-label={`Add ${variable.name} to the input schema`}
                  >
                    <Plus aria-hidden />
                    Add to schema
                  </Button>
                ) : null}
              </li>
            ))}
          </ul>
        ) : (
          <p className="text-xs text-muted-foreground">
            {data ? "The templates read no variables." : "Variables appear here as you type."}
          </p>
        )}
      </section>

      <section aria-labelledby="assist-preview" className="grid gap-3">
        <h3 id="assist-preview" className="text-sm font-semibold">
          Live preview
        </h3>
        {fields.length > 0 ? (
          <SchemaFormFields
            idPrefix="assist-field"
            fields={fields}
            values={sample}
            errors={converted.ok ? {} : converted.errors}
            onChange={(name: string, value: FormValue) => setSample((current) => ({ ...current, [name]: value }))}
          />
        ) : null}
        <Preview data={data} />
      </section>

      <section className="grid gap-2">
        <Button
          type="button"
          variant="outline"
          size="sm"
          className="justify-self-start"
          aria-expanded={referenceOpen}
          onClick={() => setReferenceOpen((open) => !open)}
        >
          <BookOpen aria-hidden />
          Template reference
        </Button>
        {referenceOpen ? <TemplateReference /> : null}
      </section>
    </aside>
  );
}

function pick(values: FormValues, fields: { name: string }[]): FormValues {
  return Object.fromEntries(
    fields.filter((field) => field.name in values).map((field) => [field.name, values[field.name] as FormValue]),
  );
}

function Preview({ data }: { data: VersionCheck | undefined }) {
  const preview = data?.preview;
  if (!data?.valid) {
    return <p className="text-xs text-muted-foreground">The preview shows once the templates have no problems.</p>;
  }
  if (!preview) return <p className="text-xs text-muted-foreground">Fill in the sample input to see the preview.</p>;
  if (preview.error) return <p className="text-xs text-destructive">{preview.error}</p>;
  return (
    <section className="grid gap-2" aria-label="Preview">
      {preview.system_message !== null ? <PreviewBlock title="System message" text={preview.system_message} /> : null}
      <PreviewBlock title="User message" text={preview.user_message} />
      <p className="text-xs text-muted-foreground">
        Rendered with your own policies and objectives; nothing is recorded.
      </p>
    </section>
  );
}

function PreviewBlock({ title, text }: { title: string; text: string }) {
  return (
    <div className="grid gap-1">
      <span className="text-xs font-medium">{title}</span>
      <pre className="max-h-64 overflow-auto whitespace-pre-wrap break-words rounded-md border bg-background p-2 font-mono text-[11px]">
        {text}
      </pre>
    </div>
  );
}
