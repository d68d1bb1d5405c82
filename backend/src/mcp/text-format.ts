import { z } from "zod";

/** Text helpers shared by the tools' outputs. */

/** The first `max` characters (code points, so emoji and accents are never cut in half). */
export function truncate(text: string, max: number): string {
  const characters = Array.from(text);
  return characters.length > max ? characters.slice(0, max).join("") : text;
}

/** The most a tool result may hold, in UTF-8 bytes: enough to work with, small beside a model's context window. */
export const MAX_RESULT_BYTES = 32 * 1024;

/**
 * `text` whole when it fits in `MAX_RESULT_BYTES`; otherwise cut at the last line break that
 * leaves room for a final line saying it was cut and how to ask for less (`whenCut`).
 */
export function capResult(text: string, whenCut: string): string {
  const bytes = Buffer.from(text, "utf8");
  if (bytes.length <= MAX_RESULT_BYTES) return text;
  const note = `… answer cut at ${MAX_RESULT_BYTES / 1024} KB: ${whenCut}.`;
  const room = MAX_RESULT_BYTES - Buffer.byteLength(note) - 1;
  const lineEnd = bytes.lastIndexOf(0x0a, room);
  // A single line longer than the room is cut inside it, on a character boundary.
  const kept =
    lineEnd > 0
      ? bytes.subarray(0, lineEnd).toString("utf8")
      : new TextDecoder().decode(bytes.subarray(0, room)).replace(/\uFFFD$/, "");
  return `${kept}\n${note}`;
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
 * string, number or array) is passed whole as the `input` variable. Clients that send the object
 * itself instead of its JSON text get the same.
 */
export function parseToolInput(raw: string | Record<string, unknown>): Record<string, unknown> {
  if (typeof raw !== "string") return raw;
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

/** The `input` argument of the expanding tools: text, or a JSON object sent as such. */
export const toolInputField = (description: string) =>
  z
    .union([z.string(), z.record(z.string(), z.unknown())], {
      error: (issue) =>
        `Invalid input: expected text or a JSON object, received ${issue.input === undefined ? "nothing" : Array.isArray(issue.input) ? "an array" : typeof issue.input}`,
    })
    .describe(description);
