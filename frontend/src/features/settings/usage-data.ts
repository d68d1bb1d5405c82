/** The backend keeps expansion events and workflow runs for 1 to 3,650 days. */
export const USAGE_RETENTION_MAX = 3650;

/**
 * A retention field's text → days, for the expansion log and workflow runs (both 1 to 3,650
 * days). Unlike the audit log's, it cannot be left empty.
 */
export function parseRetentionDays(text: string): { ok: true; days: number } | { ok: false; error: string } {
  const trimmed = text.trim();
  if (!/^\d+$/.test(trimmed)) return { ok: false, error: "A whole number of days" };
  const days = Number(trimmed);
  if (days < 1 || days > USAGE_RETENTION_MAX) return { ok: false, error: "Between 1 and 3,650 days (10 years)" };
  return { ok: true, days };
}
