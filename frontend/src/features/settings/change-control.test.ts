import { describe, expect, it } from "vitest";
import { parseRetentionDays } from "./change-control";

describe("parseRetentionDays", () => {
  it("reads empty as keeping every event, and whole days as days", () => {
    expect(parseRetentionDays("  ")).toEqual({ ok: true, days: null });
    expect(parseRetentionDays("365")).toEqual({ ok: true, days: 365 });
  });

  it("refuses fractions, words and days out of range", () => {
    for (const text of ["1.5", "a year", "-3", "0", "36501"]) {
      expect(parseRetentionDays(text).ok, text).toBe(false);
    }
  });
});
