import { parseAsStringLiteral } from "nuqs";
import type { AuditQuery } from "@/components/audit/api";
import { parseAsMatching } from "@/lib/search-params";

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

/** The filters in the URL; values that cannot be right read as absent rather than being sent. */
export const auditSearchParams = {
  actor: parseAsMatching(ID_OR_NAME),
  targetType: parseAsMatching(ID_OR_NAME),
  action: parseAsMatching(ID_OR_NAME),
  range: parseAsStringLiteral(RANGES.map((range) => range.value)).withDefault(""),
  from: parseAsMatching(DATE),
  to: parseAsMatching(DATE),
};
export const auditUrlKeys = { targetType: "target_type" };

/** Dates belong to a custom range: with any other range they are dropped, both read and written. */
export function withinRange(filters: AuditFilters): AuditFilters {
  return filters.range === "custom" ? filters : { ...filters, from: "", to: "" };
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
