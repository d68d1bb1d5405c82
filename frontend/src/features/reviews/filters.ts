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

export const REVIEW_PARAMS = ["tab", "state", "page"] as const;
export type ReviewParams = Record<(typeof REVIEW_PARAMS)[number], string>;

export type ReviewFilters = { tab: ReviewTab; state: ChangeRequestState | null; page: number };

/**
 * The inbox's filters from the URL. Anything unknown falls back to the default (the requests
 * waiting for me, page 1), so an old or hand-edited link still opens a sensible view.
 */
export function readReviewFilters(params: ReviewParams): ReviewFilters {
  const tab = REVIEW_TABS.find((option) => option.value === params.tab)?.value ?? "to-review";
  const state = STATES.find((option) => option.value === params.state)?.value ?? null;
  const page = Math.max(1, Number.parseInt(params.page, 10) || 1);
  // Waiting for me means open: another state there would always list nothing.
  return { tab, state: tab === "to-review" ? null : state, page };
}

/** The filters back as URL parameters: defaults are left out, so the plain inbox has a plain URL. */
export function reviewParams(filters: ReviewFilters): Record<(typeof REVIEW_PARAMS)[number], string | null> {
  return {
    tab: filters.tab === "to-review" ? null : filters.tab,
    state: filters.state,
    page: filters.page === 1 ? null : String(filters.page),
  };
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
