"use client";

import { CheckSquare, Play } from "lucide-react";
import * as React from "react";
import { CopyButton } from "@/components/copy-button";
import { ErrorAlert } from "@/components/error-alert";
import { SchemaFormFields } from "@/components/schema-form-fields";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Select } from "@/components/ui/select";
import { ApiError } from "@/lib/api/errors";
import { type FormValue, initialValues, schemaToFields, valuesToInput } from "@/lib/json-schema-form";
import { type Expansion, type PromptVersion, useExpand, useProjectOptions } from "./api";

function MessageBlock({ title, text }: { title: string; text: string }) {
  return (
    <section aria-label={title} className="grid gap-1.5">
      <div className="flex items-center justify-between gap-2">
        <h3 className="text-sm font-semibold">{title}</h3>
        <CopyButton text={text} label={`Copy ${title.toLowerCase()}`} />
      </div>
      <pre className="max-h-96 overflow-auto whitespace-pre-wrap break-words rounded-md border bg-muted/50 p-3 font-mono text-xs">
        {text}
      </pre>
    </section>
  );
}

function ListBlock({ title, items, empty }: { title: string; items: string[]; empty: string }) {
  return (
    <section aria-label={title} className="grid gap-1.5">
      <h3 className="text-sm font-semibold">{title}</h3>
      {items.length > 0 ? (
        <ul className="flex flex-wrap gap-1.5">
          {items.map((item) => (
            <li key={item}>
              <Badge variant="secondary">{item}</Badge>
            </li>
          ))}
        </ul>
      ) : (
        <p className="text-sm text-muted-foreground">{empty}</p>
      )}
    </section>
  );
}

function ExpansionResult({ result }: { result: Expansion }) {
  return (
    <div className="grid gap-4 border-t pt-4" aria-live="polite">
      <p className="text-sm text-muted-foreground">
        Rendered from version <span className="font-mono text-foreground">{result.prompt_version}</span>
      </p>
      {result.system_message ? <MessageBlock title="System message" text={result.system_message} /> : null}
      <MessageBlock title="User message" text={result.user_message} />
      <div className="grid gap-4 sm:grid-cols-2">
        <ListBlock title="Applied policies" items={result.applied_policies} empty="No policies applied." />
        <ListBlock title="Objectives" items={result.objectives} empty="No objectives." />
      </div>
      <section aria-label="Validations" className="grid gap-1.5">
        <h3 className="text-sm font-semibold">Validations</h3>
        {result.validations.length > 0 ? (
          <ul className="grid gap-2">
            {result.validations.map((validation) => (
              <li key={validation.name} className="flex gap-2 text-sm">
                <CheckSquare className="mt-0.5 size-4 shrink-0 text-muted-foreground" aria-hidden />
                <span>
                  <span className="font-medium">{validation.name}</span>
                  <span className="text-muted-foreground"> — {validation.content}</span>
                </span>
              </li>
            ))}
          </ul>
        ) : (
          <p className="text-sm text-muted-foreground">No checks to run on the answer.</p>
        )}
      </section>
    </div>
  );
}

/**
 * Expands the served version with input from a form generated from its input schema, showing
 * exactly what an IDE would receive under the user's (and optionally a project's) governance.
 * Render it with `key={version.id}`: when another version becomes served its schema may differ,
 * and the form starts over.
 */
export function PromptPlayground({ name, version }: { name: string; version: PromptVersion }) {
  const fields = React.useMemo(() => schemaToFields(version.input_schema), [version.input_schema]);
  const [values, setValues] = React.useState(() => initialValues(version.input_schema, fields));
  const [errors, setErrors] = React.useState<Record<string, string>>({});
  const [projectId, setProjectId] = React.useState("");
  const projects = useProjectOptions();
  const expand = useExpand(name);

  const onChange = (field: string, value: FormValue) => {
    setValues((current) => ({ ...current, [field]: value }));
    setErrors(({ [field]: _, ...rest }) => rest);
  };

  const onSubmit = (event: React.FormEvent) => {
    event.preventDefault();
    const converted = valuesToInput(fields, values);
    if (!converted.ok) {
      setErrors(converted.errors);
      return;
    }
    setErrors({});
    expand.mutate(
      { input: converted.input, project_id: projectId || null },
      {
        onError: (error) => {
          // Input problems come back as `input.<field>`: show them next to the field.
          if (!(error instanceof ApiError)) return;
          const byField: Record<string, string> = {};
          for (const [path, message] of Object.entries(error.fields)) {
            const field = /^input\.([^.[]+)/.exec(path)?.[1];
            if (field && fields.some((f) => f.name === field)) byField[field] = message;
          }
          setErrors(byField);
        },
      },
    );
  };

  return (
    <div className="grid gap-4">
      <form noValidate onSubmit={onSubmit} className="grid gap-4" aria-label="Playground input">
        {fields.length > 0 ? (
          <SchemaFormFields
            fields={fields}
            values={values}
            errors={errors}
            onChange={onChange}
            disabled={expand.isPending}
          />
        ) : (
          <p className="text-sm text-muted-foreground">This version takes no input.</p>
        )}
        {projects.data && projects.data.length > 0 ? (
          <Field label="Project" description="Also apply this project's policies and objectives.">
            {(control) => (
              <Select {...control} value={projectId} onChange={(event) => setProjectId(event.target.value)}>
                <option value="">No project</option>
                {projects.data.map((project) => (
                  <option key={project.id} value={project.id}>
                    {project.name}
                  </option>
                ))}
              </Select>
            )}
          </Field>
        ) : null}
        <div>
          <Button type="submit" disabled={expand.isPending}>
            <Play aria-hidden />
            {expand.isPending ? "Expanding…" : "Expand"}
          </Button>
        </div>
      </form>
      {expand.error ? <ErrorAlert error={expand.error} title="Expansion failed" /> : null}
      {expand.data ? <ExpansionResult result={expand.data} /> : null}
    </div>
  );
}
