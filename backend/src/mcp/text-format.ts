/** Text helpers shared by the tools' outputs. */

/** The first `max` characters (code points, so emoji and accents are never cut in half). */
export function truncate(text: string, max: number): string {
  const characters = Array.from(text);
  return characters.length > max ? characters.slice(0, max).join("") : text;
}

export const plural = (count: number, singular: string, pluralForm = `${singular}s`) =>
  `${count} ${count === 1 ? singular : pluralForm}`;

/** `JSON.stringify(value, null, 2)` with every non-ASCII character escaped as `\uXXXX`. */
export function asciiJson(value: unknown): string {
  return JSON.stringify(value, null, 2).replace(
    /[\u0080-\uffff]/g,
    (character) => `\\u${character.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
}

/**
 * Tool text input: a JSON object supplies template variables; anything else (plain text, a JSON
 * string, number or array) is passed whole as the `input` variable.
 */
export function parseToolInput(raw: string): Record<string, unknown> {
  try {
    const parsed: unknown = JSON.parse(raw);
    if (parsed !== null && typeof parsed === "object" && !Array.isArray(parsed)) {
      return parsed as Record<string, unknown>;
    }
  } catch {
    // Not JSON: plain text.
  }
  return { input: raw };
}
