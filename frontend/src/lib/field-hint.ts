const normalise = (text: string) =>
  text
    .trim()
    .replace(/[.!;:]+$/, "")
    .toLowerCase();

/**
 * Whether a field's help text already says what its validation message says ("At least 8
 * characters." under a password whose error is "At least 8 characters"): then only the error
 * shows, so the same words never appear twice.
 */
export function hintRepeatsError(description: unknown, error: string | undefined): boolean {
  if (typeof description !== "string" || !error) return false;
  const hint = normalise(description);
  const message = normalise(error);
  return message.length > 0 && (hint === message || hint.startsWith(`${message};`) || hint.startsWith(`${message},`));
}
