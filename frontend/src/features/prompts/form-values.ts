import type { PromptVersion } from "./api";

/** The parts of a version a new one starts from. */
type VersionSource = Pick<PromptVersion, "version" | "tags" | "system_template" | "user_template" | "input_schema">;

import type { PromptDetailsValues, VersionFormValues } from "./schemas";
import { parseInputSchema, parseTags } from "./version-text";

/** What a new prompt's input schema starts as: the backend's own default, one required text. */
export const DEFAULT_INPUT_SCHEMA = {
  type: "object",
  properties: { input: { type: "string", description: "Free-text input" } },
  required: ["input"],
};

/**
 * The input-schema text with one more property, a string named `name`, after the existing ones:
 * what "add to schema" does for a variable the template reads but the schema lacks. Null when
 * the text is not a schema object yet (the author is still typing it).
 */
export function addSchemaProperty(text: string, name: string): string | null {
  const parsed = parseInputSchema(text);
  if (!parsed.ok) return null;
  const { schema } = parsed;
  const properties =
    typeof schema.properties === "object" && schema.properties !== null && !Array.isArray(schema.properties)
      ? (schema.properties as Record<string, unknown>)
      : {};
  if (name in properties) return text;
  return JSON.stringify(
    { ...schema, type: schema.type ?? "object", properties: { ...properties, [name]: { type: "string" } } },
    null,
    2,
  );
}

/**
 * A suggestion for the version after `latest`: the last number in the label goes up by one
 * ("1.0.9" → "1.0.10", "v2" → "v3"); a label without a number gets ".1" appended.
 */
export function nextVersionLabel(latest: string | undefined): string {
  if (!latest) return "1.0.0";
  const match = /^(.*?)(\d+)(\D*)$/.exec(latest);
  if (!match) return `${latest}.1`;
  const [, head, number, tail] = match;
  return `${head}${String(Number(number) + 1).padStart(number!.length, "0")}${tail}`;
}

/** The request body's version part, from the form's text fields. */
export function toVersionBody(values: VersionFormValues) {
  const parsed = parseInputSchema(values.input_schema);
  return {
    version: values.version.trim(),
    tags: parseTags(values.tags),
    system_template: values.system_template.trim() ? values.system_template : null,
    user_template: values.user_template.trim() ? values.user_template : null,
    input_schema: parsed.ok ? parsed.schema : {},
    ...(values.change_note.trim() ? { change_note: values.change_note.trim() } : {}),
  };
}

/** Form values for a new version, starting from an existing one (usually the latest). */
export function versionFormDefaults(from: VersionSource | null | undefined): VersionFormValues {
  return {
    version: nextVersionLabel(from?.version),
    tags: from?.tags.join(", ") ?? "",
    system_template: from?.system_template ?? "",
    user_template: from?.user_template ?? "",
    input_schema: JSON.stringify(from?.input_schema ?? DEFAULT_INPUT_SCHEMA, null, 2),
    // Each version says what it changed itself: the previous note is not a starting point.
    change_note: "",
  };
}

export const VERSION_FIELDS = [
  "version",
  "tags",
  "system_template",
  "user_template",
  "input_schema",
  "change_note",
] as const;
export const PROMPT_FIELDS = ["name", "description", "visibility", ...VERSION_FIELDS] as const;

/**
 * Maps a 422's field path from the backend to the form's field name: the version's fields sit
 * under `version.` when a prompt is created, and `tags[3]` is the tags input.
 */
export function formFieldFor(path: string): string {
  return path.replace(/^version\./, "").replace(/[.[].*$/, "");
}

export const PROMPT_DETAILS_FIELDS = ["description", "visibility"] as const;

/** The details form as the PATCH body: a blank description clears it rather than storing spaces. */
export function toPromptDetailsBody(values: PromptDetailsValues) {
  return { description: values.description.trim() || null, visibility: values.visibility };
}
