import { labelRule } from "@/lib/api/rules";

/** The label expansion serves by default: what "pinning" a version always meant. */
export const PRODUCTION = "production";
/** Always the newest version: it cannot be moved, cleared or protected. */
export const LATEST = "latest";

/** What is wrong with a label name someone typed, or null when it is a usable one. */
export function labelProblem(label: string): string | null {
  if (!label) return "Name the label, e.g. staging";
  if (label === LATEST) return "“latest” always means the newest version: choose another name";
  // The backend's rule, checked here too so that a typo is pointed out before a round trip.
  if (!labelRule.pattern.test(label))
    return "A lower-case letter, then up to 39 lower-case letters, digits, '-' or '_', e.g. staging";
  return null;
}

/** Labels in the order people look for them: production first, then by name. */
export function sortLabels(labels: readonly string[]): string[] {
  return [...labels].sort((a, b) => (a === PRODUCTION ? -1 : b === PRODUCTION ? 1 : a.localeCompare(b)));
}
