import { retentionDaysRule } from "@/lib/api/rules";

const { minimum, maximum } = retentionDaysRule;

/** How long the backend may keep expansion events and workflow runs, in words for a field's hint. */
export const RETENTION_RANGE = `From ${minimum} to ${maximum.toLocaleString("en-US")} days`;

/**
 * A retention field's text → days, for the expansion log and workflow runs. Unlike the audit
 * log's, it cannot be left empty.
 */
export function parseRetentionDays(text: string): { ok: true; days: number } | { ok: false; error: string } {
  const trimmed = text.trim();
  if (!/^\d+$/.test(trimmed)) return { ok: false, error: "A whole number of days" };
  const days = Number(trimmed);
  if (days < minimum || days > maximum) {
    const years = Math.round(maximum / 365);
    return { ok: false, error: `Between ${minimum} and ${maximum.toLocaleString("en-US")} days (${years} years)` };
  }
  return { ok: true, days };
}
