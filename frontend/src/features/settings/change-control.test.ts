import { describe, expect, it } from "vitest";
import { parseRetentionDays } from "./change-control";

describe("parseRetentionDays", () => {
  it("reads empty as keeping every event, and whole days as days", () => {
    expect(parseRetentionDays("  ")).toEqual({ ok: true, days: null });
    expect(parseRetentionDays("365")).toEqual({ ok: true, days: 365 });
    expect(parseRetentionDays("36500")).toEqual({ ok: true, days: 36_500 });
  });

  it("refuses fractions, words and days out of range", () => {
    for (const text of ["1.5", "a year", "-3", "0", "36501"]) {
      expect(parseRetentionDays(text).ok, text).toBe(false);
    }
    expect(parseRetentionDays("36501")).toEqual({ ok: false, error: "Between 1 and 36,500 days (100 years)" });
  });
});
