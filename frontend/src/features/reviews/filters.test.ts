import { describe, expect, it } from "vitest";
import { readReviewFilters, reviewParams, reviewQuery } from "./filters";

const params = (values: Partial<Record<"tab" | "state" | "page", string>>) => ({
  tab: "",
  state: "",
  page: "",
  ...values,
});

describe("readReviewFilters", () => {
  it("opens on the requests waiting for me", () => {
    expect(readReviewFilters(params({}))).toEqual({ tab: "to-review", state: null, page: 1 });
  });

  it("reads the tab, the state and the page", () => {
    expect(readReviewFilters(params({ tab: "mine", state: "stale", page: "3" }))).toEqual({
      tab: "mine",
      state: "stale",
      page: 3,
    });
  });

  it("falls back to defaults for anything unknown, and ignores a state while waiting for me", () => {
    expect(readReviewFilters(params({ tab: "theirs", state: "merged", page: "-2" }))).toEqual({
      tab: "to-review",
      state: null,
      page: 1,
    });
    expect(readReviewFilters(params({ state: "approved" })).state).toBeNull();
  });
});

describe("reviewParams", () => {
  it("leaves defaults out of the URL and round-trips the rest", () => {
    expect(reviewParams({ tab: "to-review", state: null, page: 1 })).toEqual({ tab: null, state: null, page: null });
    const filters = { tab: "all", state: "rejected", page: 2 } as const;
    const url = reviewParams(filters);
    expect(readReviewFilters({ tab: url.tab ?? "", state: url.state ?? "", page: url.page ?? "" })).toEqual(filters);
  });
});

describe("reviewQuery", () => {
  it("asks for open requests I may approve, mine, or all of them", () => {
    expect(reviewQuery({ tab: "to-review", state: null, page: 1 }, 20)).toEqual({
      page: 1,
      page_size: 20,
      to_review: "true",
      state: "open",
    });
    expect(reviewQuery({ tab: "mine", state: "approved", page: 2 }, 20)).toEqual({
      page: 2,
      page_size: 20,
      mine: "true",
      state: "approved",
    });
    expect(reviewQuery({ tab: "all", state: null, page: 1 }, 20)).toEqual({ page: 1, page_size: 20 });
  });
});
