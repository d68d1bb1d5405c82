/**
 * Turns a JSON Schema (an object schema, as prompts and workflows declare their input) into form
 * fields, and the form's values back into the input object. Form state is strings and booleans,
 * as HTML controls hold them; conversion and checks happen once, on submit.
 *
 * The backend validates the input against the full schema anyway (422 naming each problem):
 * this is for a friendly form and early, local messages, not a second validator.
 */

export type FieldKind = "text" | "textarea" | "number" | "integer" | "boolean" | "select" | "lines" | "json";

export type SchemaField = {
  name: string;
  label: string;
  description?: string;
  required: boolean;
  kind: FieldKind;
  /** For `select`: each option's value is the JSON encoding of the enum member, so numbers stay numbers. */
  options?: { value: string; label: string }[];
  /** For `json`: the JSON type the value must have, when the schema says. */
  jsonType?: "object" | "array";
  minimum?: number;
  maximum?: number;
  placeholder?: string;
};

export type FormValue = string | boolean;
export type FormValues = Record<string, FormValue>;

type JsonSchema = Record<string, unknown>;

function isSchema(value: unknown): value is JsonSchema {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** `user_name` / `userName` / `user-name` → "User name". */
export function humanize(name: string): string {
  const words = name
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .replace(/[_-]+/g, " ")
    .trim()
    .toLowerCase();
  return words ? words[0]!.toUpperCase() + words.slice(1) : name;
}

/** The schema's main type: the first of a type list that is not "null". */
function mainType(schema: JsonSchema): string | undefined {
  const { type } = schema;
  if (typeof type === "string") return type;
  if (Array.isArray(type)) return type.find((t): t is string => typeof t === "string" && t !== "null");
  return undefined;
}

/** Strings meant to hold a short value (an enum, a format, a pattern or a small limit) get one line. */
function isShortString(schema: JsonSchema): boolean {
  const maxLength = typeof schema.maxLength === "number" ? schema.maxLength : undefined;
  return (
    typeof schema.format === "string" ||
    typeof schema.pattern === "string" ||
    (maxLength !== undefined && maxLength <= 200)
  );
}

function fieldFor(name: string, schema: JsonSchema, required: boolean): SchemaField {
  const base = {
    name,
    label: typeof schema.title === "string" && schema.title.trim() ? schema.title : humanize(name),
    description: typeof schema.description === "string" && schema.description.trim() ? schema.description : undefined,
    required,
  };
  if (Array.isArray(schema.enum) && schema.enum.length > 0) {
    return {
      ...base,
      kind: "select",
      options: schema.enum.map((member) => ({
        value: JSON.stringify(member),
        label: typeof member === "string" ? member : JSON.stringify(member),
      })),
    };
  }
  const type = mainType(schema);
  const limits = {
    minimum: typeof schema.minimum === "number" ? schema.minimum : undefined,
    maximum: typeof schema.maximum === "number" ? schema.maximum : undefined,
  };
  switch (type) {
    case "string":
      return { ...base, kind: isShortString(schema) ? "text" : "textarea" };
    case "integer":
      return { ...base, kind: "integer", ...limits };
    case "number":
      return { ...base, kind: "number", ...limits };
    case "boolean":
      return { ...base, kind: "boolean" };
    case "array": {
      const items = isSchema(schema.items) ? schema.items : {};
      if (mainType(items) === "string" && !Array.isArray(items.enum)) {
        return { ...base, kind: "lines", placeholder: "One item per line" };
      }
      return { ...base, kind: "json", jsonType: "array", placeholder: "[]" };
    }
    case "object":
      return { ...base, kind: "json", jsonType: "object", placeholder: "{}" };
    default:
      return { ...base, kind: "json", placeholder: "Any JSON value" };
  }
}

/**
 * The form fields of an object schema, in property order: the backend keeps the order the author
 * wrote, which is also the order IDEs ask for a prompt's arguments in.
 */
export function schemaToFields(schema: unknown): SchemaField[] {
  if (!isSchema(schema) || !isSchema(schema.properties)) return [];
  const properties = schema.properties;
  const required = (Array.isArray(schema.required) ? schema.required : []).filter(
    (name): name is string => typeof name === "string",
  );
  return Object.keys(properties).map((name) => {
    const property = properties[name];
    return fieldFor(name, isSchema(property) ? property : {}, required.includes(name));
  });
}

/** The form's starting values: each property's `default`, else empty. */
export function initialValues(schema: unknown, fields: SchemaField[] = schemaToFields(schema)): FormValues {
  const properties = isSchema(schema) && isSchema(schema.properties) ? schema.properties : {};
  const values: FormValues = {};
  for (const field of fields) {
    const property = properties[field.name];
    const fallback = isSchema(property) ? property.default : undefined;
    values[field.name] = defaultValue(field, fallback);
  }
  return values;
}

/**
 * The form's values for an input object, as when someone switches from editing the input as JSON
 * back to the form. Properties without a field are left out; fields without a value start empty.
 */
export function inputToValues(fields: SchemaField[], input: Record<string, unknown>): FormValues {
  const values: FormValues = {};
  for (const field of fields) values[field.name] = defaultValue(field, input[field.name]);
  return values;
}

function defaultValue(field: SchemaField, value: unknown): FormValue {
  if (field.kind === "boolean") return value === true;
  if (value === undefined) return "";
  switch (field.kind) {
    case "select":
      return JSON.stringify(value);
    case "lines":
      return Array.isArray(value) ? value.map(String).join("\n") : "";
    case "json":
      return JSON.stringify(value, null, 2);
    default:
      return typeof value === "string" ? value : String(value);
  }
}

type Converted = { value: unknown } | { error: string } | { omit: true };

function convert(field: SchemaField, raw: FormValue): Converted {
  if (field.kind === "boolean") return { value: raw === true };
  const text = typeof raw === "string" ? raw : "";
  const empty = field.kind === "text" || field.kind === "textarea" ? text === "" : text.trim() === "";
  if (empty) return field.required ? { error: "Required" } : { omit: true };

  switch (field.kind) {
    case "text":
    case "textarea":
      return { value: text };
    case "number":
    case "integer": {
      const number = Number(text.trim());
      if (!Number.isFinite(number)) return { error: "Enter a number" };
      if (field.kind === "integer" && !Number.isInteger(number)) return { error: "Enter a whole number" };
      if (field.minimum !== undefined && number < field.minimum) return { error: `Must be at least ${field.minimum}` };
      if (field.maximum !== undefined && number > field.maximum) return { error: `Must be at most ${field.maximum}` };
      return { value: number };
    }
    case "select":
      return { value: JSON.parse(text) };
    case "lines": {
      const items = text
        .split("\n")
        .map((line) => line.trim())
        .filter(Boolean);
      return items.length === 0 && field.required ? { error: "Required" } : { value: items };
    }
    case "json": {
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch {
        return { error: "Not valid JSON" };
      }
      if (field.jsonType === "array" && !Array.isArray(value)) return { error: "Must be a JSON array, like [1, 2]" };
      if (field.jsonType === "object" && !isSchema(value))
        return { error: 'Must be a JSON object, like {"key": "value"}' };
      return { value };
    }
  }
}

/**
 * The input object for the form's values, or the problems by field name. Empty optional fields
 * are left out, so the schema's own defaults and optionality apply.
 */
export function valuesToInput(
  fields: SchemaField[],
  values: FormValues,
): { ok: true; input: Record<string, unknown> } | { ok: false; errors: Record<string, string> } {
  const input: Record<string, unknown> = {};
  const errors: Record<string, string> = {};
  for (const field of fields) {
    const result = convert(field, values[field.name] ?? (field.kind === "boolean" ? false : ""));
    if ("error" in result) errors[field.name] = result.error;
    else if ("value" in result) input[field.name] = result.value;
  }
  return Object.keys(errors).length > 0 ? { ok: false, errors } : { ok: true, input };
}
