import { createParser } from "nuqs";

/**
 * A page number in a list's URL: a whole number from 1. Anything else (a hand-edited `0`, `-2`
 * or `two`) reads as absent, so the list opens on its first page.
 */
export const parseAsPage = createParser({
  parse: (text) => {
    const page = Number.parseInt(text, 10);
    return Number.isInteger(page) && page >= 1 ? page : null;
  },
  serialize: (page) => String(page),
}).withDefault(1);

/** A checkbox kept in the URL: `1` when ticked, absent when not. */
export const parseAsFlag = createParser({
  parse: (text) => text === "1",
  serialize: (on) => (on ? "1" : ""),
}).withDefault(false);

/**
 * Text that must match `pattern` (an id, a code, a date): anything else in a hand-edited or old
 * link reads as absent rather than being sent to the API.
 */
export function parseAsMatching(pattern: RegExp) {
  return createParser({
    parse: (text) => (pattern.test(text) ? text : null),
    serialize: (text) => text,
  }).withDefault("");
}
