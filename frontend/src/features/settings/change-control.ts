import { auditRetentionDaysRule } from "@/lib/api/rules";

const { minimum, maximum } = auditRetentionDaysRule;

/** The audit retention field's text → days, or null to keep events for ever (an empty field). */
export function parseRetentionDays(text: string): { ok: true; days: number | null } | { ok: false; error: string } {
  const trimmed = text.trim();
  if (!trimmed) return { ok: true, days: null };
  if (!/^\d+$/.test(trimmed)) return { ok: false, error: "A whole number of days, or empty to keep every event" };
  const days = Number(trimmed);
  if (days < minimum || days > maximum) {
    const years = Math.round(maximum / 365);
    return { ok: false, error: `Between ${minimum} and ${maximum.toLocaleString("en-US")} days (${years} years)` };
  }
  return { ok: true, days };
}
