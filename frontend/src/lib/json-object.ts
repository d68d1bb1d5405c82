export type JsonObjectResult = { ok: true; value: Record<string, unknown> } | { ok: false; error: string };

/**
 * Parses an editor's text that must hold a JSON object. The error says what is wrong: not JSON
 * at all, or JSON of another shape, in which case it shows `example`.
 */
export function parseJsonObject(text: string, example: string): JsonObjectResult {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { ok: false, error: `Not valid JSON: ${error instanceof Error ? error.message : String(error)}` };
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    return { ok: false, error: `Must be a JSON object, like ${example}` };
  }
  return { ok: true, value: value as Record<string, unknown> };
}
