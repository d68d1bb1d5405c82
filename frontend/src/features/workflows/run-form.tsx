"use client";

import { Play } from "lucide-react";
import * as React from "react";
import { SchemaFormFields } from "@/components/schema-form-fields";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Select } from "@/components/ui/select";
import { Tabs, TabsContent, TabsList, TabsTrigger } from "@/components/ui/tabs";
import { Textarea } from "@/components/ui/textarea";
import {
  type FormValue,
  type FormValues,
  initialValues,
  inputToValues,
  type SchemaField,
  schemaToFields,
  valuesToInput,
} from "@/lib/json-schema-form";
import { type RunWorkflowBody, useProjectOptions, type Workflow } from "./api";
import { type FilledVariable, planRunInput } from "./run-input";
import { parseRunInput } from "./schemas";

type Mode = "form" | "json";

/** The fields that convert cleanly, for carrying a half-filled form over to the JSON editor. */
function convertibleInput(fields: SchemaField[], values: FormValues): Record<string, unknown> {
  const input: Record<string, unknown> = {};
  for (const field of fields) {
    const converted = valuesToInput([field], values);
    if (converted.ok) Object.assign(input, converted.input);
  }
  return input;
}

function FilledVariables({ filled }: { filled: FilledVariable[] }) {
  if (filled.length === 0) return null;
  return (
    <section aria-label="Filled in by earlier steps" className="grid gap-1.5 text-sm">
      <h3 className="font-medium">Filled in by earlier steps</h3>
      <ul className="grid gap-1 text-muted-foreground">
        {filled.map((item) => (
          <li key={`${item.step}.${item.variable}`}>
            <span className="font-mono text-foreground">{item.variable}</span> in step{" "}
            <span className="font-mono text-foreground">{item.step}</span>: the output of step{" "}
            <span className="font-mono text-foreground">{item.from}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}

// Not react-hook-form: its fields are generated from the steps' input schemas, and it switches to a JSON editor.
/**
 * The run's input, as a form generated from the steps' input schemas (each variable asked once,
 * those filled in by earlier steps left out) or as raw JSON; switching carries the values over.
 * Render it with a key that changes with the workflow's steps: the form starts over then.
 */
export function RunForm({
  workflow,
  schemas,
  unavailable,
  pending,
  onRun,
}: {
  workflow: Workflow;
  schemas: Record<string, unknown>;
  unavailable: string[];
  pending: boolean;
  onRun: (body: RunWorkflowBody) => void;
}) {
  const plan = planRunInput(workflow.steps, schemas);
  const fields = schemaToFields(plan.schema);
  const [mode, setMode] = React.useState<Mode>(unavailable.length > 0 && fields.length === 0 ? "json" : "form");
  const [values, setValues] = React.useState(() => initialValues(plan.schema, fields));
  const [errors, setErrors] = React.useState<Record<string, string>>({});
  // Variables typed in JSON that the form has no field for: kept, and sent with the form's.
  const [extra, setExtra] = React.useState<Record<string, unknown>>({});
  const [text, setText] = React.useState("{}");
  const [jsonError, setJsonError] = React.useState<string | null>(null);
  const [projectId, setProjectId] = React.useState("");
  const projects = useProjectOptions();

  const onChange = (field: string, value: FormValue) => {
    setValues((current) => ({ ...current, [field]: value }));
    setErrors(({ [field]: _, ...rest }) => rest);
  };

  const switchTo = (next: string) => {
    if (next === "json") {
      setText(JSON.stringify({ ...extra, ...convertibleInput(fields, values) }, null, 2));
      setJsonError(null);
      setMode("json");
      return;
    }
    const parsed = parseRunInput(text);
    if (!parsed.ok) {
      setJsonError(parsed.error);
      return;
    }
    setValues(inputToValues(fields, parsed.input));
    setExtra(Object.fromEntries(Object.entries(parsed.input).filter(([name]) => !fields.some((f) => f.name === name))));
    setErrors({});
    setMode("form");
  };

  const onSubmit = (event: React.FormEvent) => {
    event.preventDefault();
    let input: Record<string, unknown>;
    if (mode === "json") {
      const parsed = parseRunInput(text);
      if (!parsed.ok) {
        setJsonError(parsed.error);
        return;
      }
      input = parsed.input;
    } else {
      const converted = valuesToInput(fields, values);
      if (!converted.ok) {
        setErrors(converted.errors);
        return;
      }
      input = { ...extra, ...converted.input };
    }
    onRun({ input, project_id: projectId || null });
  };

  const extraNames = Object.keys(extra);
  return (
    <form noValidate onSubmit={onSubmit} className="grid gap-4" aria-label="Run input">
      {unavailable.length > 0 ? (
        <Alert>
          The input of step{unavailable.length > 1 ? "s" : ""} {unavailable.join(", ")} could not be read (its prompt
          version is missing or not visible to you): add what it needs in JSON.
        </Alert>
      ) : null}
      <Tabs value={mode} onValueChange={switchTo}>
        <TabsList aria-label="Input as">
          <TabsTrigger value="form">Form</TabsTrigger>
          <TabsTrigger value="json">JSON</TabsTrigger>
        </TabsList>
        <TabsContent value="form" className="grid gap-4">
          {fields.length > 0 ? (
            <SchemaFormFields fields={fields} values={values} errors={errors} onChange={onChange} disabled={pending} />
          ) : (
            <p className="text-sm text-muted-foreground">The steps ask for no input.</p>
          )}
          {extraNames.length > 0 ? (
            <p className="text-sm text-muted-foreground">
              Also sends {extraNames.join(", ")} from the JSON input, which no step declares.
            </p>
          ) : null}
          <FilledVariables filled={plan.filled} />
        </TabsContent>
        <TabsContent value="json">
          <Field
            label="Input (JSON)"
            description='A JSON object: every step receives these variables, e.g. {"topic": "caching"}.'
            error={jsonError ?? undefined}
          >
            {(control) => (
              <Textarea
                {...control}
                rows={6}
                spellCheck={false}
                className="font-mono text-xs"
                value={text}
                disabled={pending}
                onChange={(event) => {
                  setText(event.target.value);
                  setJsonError(null);
                }}
              />
            )}
          </Field>
        </TabsContent>
      </Tabs>
      <Field label="Run under project" description="Defaults to the workflow's project.">
        {(control) => (
          <Select {...control} value={projectId} onChange={(event) => setProjectId(event.target.value)}>
            <option value="">The workflow's project</option>
            {projects.data?.map((project) => (
              <option key={project.id} value={project.id}>
                {project.name}
              </option>
            ))}
          </Select>
        )}
      </Field>
      <div>
        <Button type="submit" disabled={pending || workflow.steps.length === 0}>
          <Play aria-hidden />
          {pending ? "Running…" : "Run workflow"}
        </Button>
      </div>
    </form>
  );
}
