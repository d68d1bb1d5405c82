import { createLoader, createSerializer } from "nuqs";
import { describe, expect, it } from "vitest";
import { effectiveReviewFilters, reviewQuery, reviewSearchParams } from "./filters";

describe("reviewSearchParams", () => {
  const load = createLoader(reviewSearchParams);
  const serialize = createSerializer(reviewSearchParams);

  it("opens on the requests waiting for me", () => {
    expect(load("")).toEqual({ tab: "to-review", state: null, page: 1 });
  });

  it("reads the tab, the state and the page", () => {
    expect(load("?tab=mine&state=stale&page=3")).toEqual({ tab: "mine", state: "stale", page: 3 });
  });

  it("falls back to defaults for anything unknown", () => {
    expect(load("?tab=theirs&state=merged&page=-2")).toEqual({ tab: "to-review", state: null, page: 1 });
  });

  it("leaves defaults out of the URL", () => {
    expect(serialize("/reviews", { tab: "to-review", state: null, page: 1 })).toBe("/reviews");
    expect(serialize("/reviews", { tab: "all", state: "rejected", page: 2 })).toBe(
      "/reviews?tab=all&state=rejected&page=2",
    );
  });
});

describe("effectiveReviewFilters", () => {
  it("ignores a state while waiting for me", () => {
    expect(effectiveReviewFilters({ tab: "to-review", state: "approved", page: 2 })).toEqual({
      tab: "to-review",
      state: null,
      page: 2,
    });
    expect(effectiveReviewFilters({ tab: "mine", state: "approved", page: 1 }).state).toBe("approved");
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
