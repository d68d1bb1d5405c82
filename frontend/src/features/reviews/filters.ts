import { parseAsStringLiteral } from "nuqs";
import { parseAsPage } from "@/lib/search-params";
import type { ChangeRequestQuery, ChangeRequestState } from "./api";

export const REVIEW_TABS = [
  { value: "to-review", label: "To review" },
  { value: "mine", label: "Mine" },
  { value: "all", label: "All" },
] as const;
export type ReviewTab = (typeof REVIEW_TABS)[number]["value"];

export const STATES: { value: ChangeRequestState; label: string }[] = [
  { value: "open", label: "Open" },
  { value: "stale", label: "Stale" },
  { value: "approved", label: "Approved" },
  { value: "rejected", label: "Rejected" },
  { value: "withdrawn", label: "Withdrawn" },
];

export type ReviewFilters = { tab: ReviewTab; state: ChangeRequestState | null; page: number };

/**
 * The inbox's filters in the URL. Anything unknown reads as the default (the requests waiting
 * for me, page 1), so an old or hand-edited link still opens a sensible view; defaults are left
 * out, so the plain inbox has a plain URL.
 */
export const reviewSearchParams = {
  tab: parseAsStringLiteral(REVIEW_TABS.map((tab) => tab.value)).withDefault("to-review"),
  state: parseAsStringLiteral(STATES.map((state) => state.value)),
  page: parseAsPage,
};

/** The filters the list applies: waiting for me means open, so another state there would always list nothing. */
export function effectiveReviewFilters(filters: ReviewFilters): ReviewFilters {
  return filters.tab === "to-review" ? { ...filters, state: null } : filters;
}

/** What the list asks the API for. */
export function reviewQuery(filters: ReviewFilters, pageSize: number): ChangeRequestQuery {
  return {
    page: filters.page,
    page_size: pageSize,
    ...(filters.tab === "to-review" ? { to_review: "true", state: "open" } : {}),
    ...(filters.tab === "mine" ? { mine: "true" } : {}),
    ...(filters.state ? { state: filters.state } : {}),
  };
}
