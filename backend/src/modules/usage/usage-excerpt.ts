/** The most an excerpt of an expansion's input or output may take, in UTF-8 bytes. */
export const EXCERPT_MAX_BYTES = 1024;

const REDACTED = "[redacted]";

/**
 * What looks like a secret or personal data in text people paste into prompts. A run cut off
 * at the end of the text still matches (`*` rather than `+` after the recognisable start), so a
 * secret the cut split in two leaves nothing of itself behind.
 */
const SECRETS: RegExp[] = [
  // Authorization headers and tokens pasted with their scheme.
  /\bBearer\s+\S*/gi,
  // Our own API keys.
  /\bpcp_[A-Za-z0-9_-]*/g,
  // Email addresses.
  /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*/g,
  // Long hex or base64 runs: keys, hashes, JWT parts, private key bodies.
  /[A-Za-z0-9+/_-]{32,}={0,2}/g,
];

/** Replaces what looks like a secret (see SECRETS) with `[redacted]`. */
export function redactText(text: string): string {
  let redacted = text;
  for (const pattern of SECRETS) redacted = redacted.replace(pattern, REDACTED);
  return redacted;
}

/** The longest prefix of `text` that fits in `maxBytes` of UTF-8, never splitting a character. */
function cutToBytes(text: string, maxBytes: number): string {
  if (Buffer.byteLength(text) <= maxBytes) return text;
  let cut = Buffer.from(text).subarray(0, maxBytes).toString();
  // A multi-byte character split by the cut decodes as U+FFFD: drop it.
  if (cut.endsWith("\uFFFD")) cut = cut.slice(0, -1);
  return cut;
}

/**
 * A bounded, redacted excerpt (at most EXCERPT_MAX_BYTES): the start of the text, with secrets
 * replaced. Only a prefix a few times the bound is ever looked at, whatever the text's size. When
 * the text is cut, the word the cut falls in is dropped too (it may be part of a secret too short
 * to recognise) and the excerpt ends in `…`.
 */
export function excerptOf(text: string): string {
  const window = text.slice(0, EXCERPT_MAX_BYTES * 2);
  // NUL cannot be stored in a text column; it is never meaningful in an excerpt.
  const redacted = redactText(window).replaceAll("\u0000", "");
  if (window.length === text.length && Buffer.byteLength(redacted) <= EXCERPT_MAX_BYTES) return redacted;
  const ellipsis = "…";
  const cut = cutToBytes(redacted, EXCERPT_MAX_BYTES - Buffer.byteLength(ellipsis));
  return `${cut.replace(/[^\s"',;:(){}<>]*$/, "")}${ellipsis}`;
}
