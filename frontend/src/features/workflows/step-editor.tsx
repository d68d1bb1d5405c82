"use client";

import { ArrowDown, ArrowUp, Trash2 } from "lucide-react";
import * as React from "react";
import { Button } from "@/components/ui/button";
import { Checkbox } from "@/components/ui/checkbox";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import { cn } from "@/lib/utils";
import { usePromptSearch, usePromptVersionOptions } from "./api";
import type { DraftStep } from "./schemas";

/** `value`, once it has stopped changing for a moment: typing a name does not fire a request per key. */
function useSettled<T>(value: T, delay = 250): T {
  const [settled, setSettled] = React.useState(value);
  React.useEffect(() => {
    const timer = setTimeout(() => setSettled(value), delay);
    return () => clearTimeout(timer);
  }, [value, delay]);
  return settled;
}

/** The prompt box suggests matching names as you type (a native datalist: keyboard and screen readers work). */
function PromptField({
  value,
  onChange,
  disabled,
}: {
  value: string;
  onChange: (value: string) => void;
  disabled?: boolean;
}) {
  const listId = React.useId();
  const query = useSettled(value.trim());
  const prompts = usePromptSearch(query);
  return (
    <Field label="Prompt" required description="Type to search prompts you can see.">
      {(control) => (
        <>
          <Input
            {...control}
            list={listId}
            autoComplete="off"
            placeholder="code-review"
            value={value}
            disabled={disabled}
            onChange={(event) => onChange(event.target.value)}
          />
          <datalist id={listId}>
            {prompts.data?.map((prompt) => (
              <option key={prompt.id} value={prompt.name}>
                {prompt.description ?? ""}
              </option>
            ))}
          </datalist>
        </>
      )}
    </Field>
  );
}

function VersionField({
  promptName,
  value,
  onChange,
  disabled,
}: {
  promptName: string;
  value: string;
  onChange: (value: string) => void;
  disabled?: boolean;
}) {
  const name = useSettled(promptName.trim());
  const versions = usePromptVersionOptions(name);
  const known = versions.data?.map((version) => version.version) ?? [];
  // A saved pin stays selectable even before (or without) the version list loading.
  const options = value && !known.includes(value) ? [value, ...known] : known;
  return (
    <Field
      label="Version"
      description={
        versions.isError && name
          ? "No such prompt, or it is not shared with you."
          : "Pin a version, or follow the served one."
      }
    >
      {(control) => (
        <Select {...control} value={value} disabled={disabled} onChange={(event) => onChange(event.target.value)}>
          <option value="">Served version</option>
          {options.map((version) => (
            <option key={version} value={version}>
              {version}
            </option>
          ))}
        </Select>
      )}
    </Field>
  );
}

/** One step of the builder: its id, prompt, version and dependencies, with the problems found in it. */
export function StepEditor({
  step,
  index,
  count,
  others,
  problems,
  disabled,
  onChange,
  onRename,
  onMove,
  onRemove,
}: {
  step: DraftStep;
  index: number;
  count: number;
  /** Ids of the other steps, which this one may depend on. */
  others: string[];
  problems: string[];
  disabled?: boolean;
  onChange: (changes: Partial<Omit<DraftStep, "key" | "id">>) => void;
  onRename: (id: string) => void;
  onMove: (offset: -1 | 1) => void;
  onRemove: () => void;
}) {
  const name = step.id || `#${index + 1}`;
  const problemId = React.useId();
  return (
    <section
      aria-label={`Step ${name}`}
      aria-describedby={problems.length > 0 ? problemId : undefined}
      className={cn("grid gap-4 rounded-lg border p-4", problems.length > 0 && "border-destructive")}
    >
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h3 className="text-sm font-semibold">
          Step {index + 1}
          {step.id ? <span className="ml-2 font-mono text-muted-foreground">{step.id}</span> : null}
        </h3>
        <div className="flex gap-1">
          <Button
            size="icon"
            variant="ghost"
            aria-label={`Move step ${name} up`}
            disabled={disabled || index === 0}
            onClick={() => onMove(-1)}
          >
            <ArrowUp aria-hidden />
          </Button>
          <Button
            size="icon"
            variant="ghost"
            aria-label={`Move step ${name} down`}
            disabled={disabled || index === count - 1}
            onClick={() => onMove(1)}
          >
            <ArrowDown aria-hidden />
          </Button>
          <Button size="icon" variant="ghost" aria-label={`Remove step ${name}`} disabled={disabled} onClick={onRemove}>
            <Trash2 aria-hidden />
          </Button>
        </div>
      </div>
      {problems.length > 0 ? (
        <ul id={problemId} className="grid gap-1 text-sm font-medium text-destructive">
          {problems.map((problem) => (
            <li key={problem}>{problem}</li>
          ))}
        </ul>
      ) : null}
      <div className="grid gap-4 sm:grid-cols-3">
        <Field label="Step id" required description="Later steps read this step's output under this name.">
          {(control) => (
            <Input
              {...control}
              className="font-mono"
              value={step.id}
              disabled={disabled}
              onChange={(event) => onRename(event.target.value.trim())}
            />
          )}
        </Field>
        <PromptField
          value={step.prompt_name}
          disabled={disabled}
          onChange={(prompt_name) => onChange({ prompt_name, prompt_version: "" })}
        />
        <VersionField
          promptName={step.prompt_name}
          value={step.prompt_version}
          disabled={disabled}
          onChange={(prompt_version) => onChange({ prompt_version })}
        />
      </div>
      <fieldset className="grid gap-2">
        <legend className="mb-1 text-sm font-medium">Depends on</legend>
        {others.length === 0 ? (
          <p className="text-xs text-muted-foreground">No other steps yet.</p>
        ) : (
          <div className="flex flex-wrap gap-x-4 gap-y-2">
            {others.map((other) => {
              const id = `${problemId}-dep-${other}`;
              return (
                <label key={other} htmlFor={id} className="flex items-center gap-2 font-mono text-sm">
                  <Checkbox
                    id={id}
                    checked={step.depends_on.includes(other)}
                    disabled={disabled}
                    onChange={(event) =>
                      onChange({
                        depends_on: event.target.checked
                          ? [...step.depends_on, other]
                          : step.depends_on.filter((dependency) => dependency !== other),
                      })
                    }
                  />
                  {other}
                </label>
              );
            })}
          </div>
        )}
        <p className="text-xs text-muted-foreground">
          It runs after these, and its template sees each one's output as a variable named after its step id.
        </p>
      </fieldset>
    </section>
  );
}
