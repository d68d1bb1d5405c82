/**
 * The retention field's text → days, or null to keep events for ever (an empty field). The
 * backend takes whole days from 1 to 36,500.
 */
export function parseRetentionDays(text: string): { ok: true; days: number | null } | { ok: false; error: string } {
  const trimmed = text.trim();
  if (!trimmed) return { ok: true, days: null };
  if (!/^\d+$/.test(trimmed)) return { ok: false, error: "A whole number of days, or empty to keep every event" };
  const days = Number(trimmed);
  if (days < 1 || days > 36_500) return { ok: false, error: "Between 1 and 36,500 days (100 years)" };
  return { ok: true, days };
}
