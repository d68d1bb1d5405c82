import type { AuditQuery } from "@/components/audit/api";

export const AUDIT_PARAMS = ["actor", "target_type", "action", "range", "from", "to"] as const;
export type AuditParams = Record<(typeof AUDIT_PARAMS)[number], string>;

export const RANGES = [
  { value: "", label: "Any time" },
  { value: "24h", label: "Last 24 hours" },
  { value: "7d", label: "Last 7 days" },
  { value: "30d", label: "Last 30 days" },
  { value: "custom", label: "Between dates…" },
] as const;
export type Range = (typeof RANGES)[number]["value"];

const HOURS: Record<Exclude<Range, "" | "custom">, number> = { "24h": 24, "7d": 7 * 24, "30d": 30 * 24 };

export type AuditFilters = {
  actor: string;
  targetType: string;
  action: string;
  range: Range;
  /** Dates as the date inputs write them (YYYY-MM-DD), for `custom`. */
  from: string;
  to: string;
};

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const ID_OR_NAME = /^[\w.*:-]{1,100}$/;

/** The filters from the URL; values that cannot be right are dropped rather than sent. */
export function readAuditFilters(params: AuditParams): AuditFilters {
  const range = RANGES.find((option) => option.value === params.range)?.value ?? "";
  return {
    actor: ID_OR_NAME.test(params.actor) ? params.actor : "",
    targetType: ID_OR_NAME.test(params.target_type) ? params.target_type : "",
    action: ID_OR_NAME.test(params.action) ? params.action : "",
    range,
    from: range === "custom" && DATE.test(params.from) ? params.from : "",
    to: range === "custom" && DATE.test(params.to) ? params.to : "",
  };
}

/** The filters as URL parameters; empty ones are left out. */
export function auditParams(filters: AuditFilters): Record<(typeof AUDIT_PARAMS)[number], string | null> {
  const custom = filters.range === "custom";
  return {
    actor: filters.actor || null,
    target_type: filters.targetType || null,
    action: filters.action || null,
    range: filters.range || null,
    from: custom ? filters.from || null : null,
    to: custom ? filters.to || null : null,
  };
}

/** Midnight at the start of a YYYY-MM-DD day in the user's time zone, `days` later. */
function startOfDay(date: string, days = 0): Date {
  const [year, month, day] = date.split("-").map(Number);
  return new Date(year ?? 1970, (month ?? 1) - 1, (day ?? 1) + days);
}

/**
 * What the audit API is asked. A relative range counts back from `now`; dates count whole days
 * in the user's time zone, the end day included. A range whose end comes before its start asks
 * nothing about time (the page says why).
 */
export function auditQuery(filters: AuditFilters, now: Date): AuditQuery {
  const query: AuditQuery = {};
  if (filters.actor) query.actor = filters.actor;
  if (filters.targetType) query.target_type = filters.targetType;
  if (filters.action) query.action = filters.action;
  if (filters.range === "custom") {
    if (rangeProblem(filters)) return query;
    if (filters.from) query.from = startOfDay(filters.from).toISOString();
    if (filters.to) query.to = startOfDay(filters.to, 1).toISOString();
  } else if (filters.range) {
    query.from = new Date(now.getTime() - HOURS[filters.range] * 3_600_000).toISOString();
  }
  return query;
}

/** What is wrong with a date range, if anything. */
export function rangeProblem(filters: AuditFilters): string | null {
  if (filters.range !== "custom" || !filters.from || !filters.to) return null;
  return filters.to < filters.from ? "The end date is before the start date" : null;
}
