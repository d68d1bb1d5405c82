import { parseJsonObject } from "@/lib/json-object";

// Apart from schemas.ts, which imports zod: the new-prompt page reads its form values with these on its
// first load, and zod would otherwise come with them.

/** "review, python ,review" → ["review", "python"]: comma-separated, trimmed, de-duplicated. */
export function parseTags(text: string): string[] {
  return [
    ...new Set(
      text
        .split(",")
        .map((tag) => tag.trim())
        .filter(Boolean),
    ),
  ];
}

/**
 * Parses the input-schema editor's text. Only the shape is checked here (a JSON object with
 * `type: "object"`); whether it is a valid JSON Schema the backend decides (422 saying why).
 */
export function parseInputSchema(
  text: string,
): { ok: true; schema: Record<string, unknown> } | { ok: false; error: string } {
  const parsed = parseJsonObject(text, '{"type": "object", "properties": {…}}');
  if (!parsed.ok) return parsed;
  const schema = parsed.value;
  if (schema.type !== undefined && schema.type !== "object") {
    return { ok: false, error: 'Expansion input is an object: the schema\'s "type" must be "object"' };
  }
  return { ok: true, schema };
}
