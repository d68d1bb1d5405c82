"use client";

import { Checkbox } from "@/components/ui/checkbox";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import { Textarea } from "@/components/ui/textarea";
import type { FormValue, FormValues, SchemaField } from "@/lib/json-schema-form";

/**
 * Controls for fields produced by `schemaToFields`. State stays with the caller, which converts
 * the values with `valuesToInput` when the form is submitted.
 */
export function SchemaFormFields({
  fields,
  values,
  errors = {},
  onChange,
  disabled,
  idPrefix = "schema-field",
}: {
  /** Keeps ids unique when two such forms share a page (a playground and an editor's preview). */
  idPrefix?: string;
  fields: SchemaField[];
  values: FormValues;
  errors?: Record<string, string>;
  onChange: (name: string, value: FormValue) => void;
  disabled?: boolean;
}) {
  return (
    <div className="grid gap-4">
      {fields.map((field) => {
        const value = values[field.name];
        if (field.kind === "boolean") {
          const id = `${idPrefix}-${field.name}`;
          return (
            <div key={field.name} className="grid gap-1">
              <div className="flex items-center gap-2">
                <Checkbox
                  id={id}
                  checked={value === true}
                  disabled={disabled}
                  aria-describedby={field.description ? `${id}-description` : undefined}
                  onChange={(event) => onChange(field.name, event.target.checked)}
                />
                <label htmlFor={id} className="text-sm font-medium">
                  {field.label}
                </label>
              </div>
              {field.description ? (
                <p id={`${id}-description`} className="text-xs text-muted-foreground">
                  {field.description}
                </p>
              ) : null}
            </div>
          );
        }
        const text = typeof value === "string" ? value : "";
        const description =
          field.kind === "lines"
            ? [field.description, "One item per line."].filter(Boolean).join(" ")
            : field.description;
        return (
          <Field
            key={field.name}
            label={field.label}
            description={description}
            error={errors[field.name]}
            required={field.required}
          >
            {(control) => {
              switch (field.kind) {
                case "select":
                  return (
                    <Select
                      {...control}
                      value={text}
                      disabled={disabled}
                      onChange={(e) => onChange(field.name, e.target.value)}
                    >
                      <option value="">{field.required ? "Choose…" : "—"}</option>
                      {field.options?.map((option) => (
                        <option key={option.value} value={option.value}>
                          {option.label}
                        </option>
                      ))}
                    </Select>
                  );
                case "number":
                case "integer":
                  return (
                    <Input
                      {...control}
                      type="number"
                      inputMode={field.kind === "integer" ? "numeric" : "decimal"}
                      step={field.kind === "integer" ? 1 : "any"}
                      min={field.minimum}
                      max={field.maximum}
                      value={text}
                      disabled={disabled}
                      onChange={(e) => onChange(field.name, e.target.value)}
                    />
                  );
                case "text":
                  return (
                    <Input
                      {...control}
                      value={text}
                      disabled={disabled}
                      onChange={(e) => onChange(field.name, e.target.value)}
                    />
                  );
                default:
                  return (
                    <Textarea
                      {...control}
                      rows={field.kind === "json" ? 5 : 4}
                      className={field.kind === "json" ? "font-mono text-xs" : undefined}
                      placeholder={field.placeholder}
                      spellCheck={field.kind !== "json"}
                      value={text}
                      disabled={disabled}
                      onChange={(e) => onChange(field.name, e.target.value)}
                    />
                  );
              }
            }}
          </Field>
        );
      })}
    </div>
  );
}
