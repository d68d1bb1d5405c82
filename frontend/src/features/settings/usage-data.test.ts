import { describe, expect, it } from "vitest";
import { parseRetentionDays } from "./usage-data";

describe("parseRetentionDays", () => {
  it("reads whole days from 1 to 3,650", () => {
    expect(parseRetentionDays(" 30 ")).toEqual({ ok: true, days: 30 });
    expect(parseRetentionDays("1")).toEqual({ ok: true, days: 1 });
    expect(parseRetentionDays("3650")).toEqual({ ok: true, days: 3650 });
  });

  it("refuses empty, fractions, words and days out of range, as the API does", () => {
    for (const text of ["", "1.5", "x", "-3", "0", "3651"]) {
      expect(parseRetentionDays(text).ok, text).toBe(false);
    }
    expect(parseRetentionDays("3651")).toEqual({ ok: false, error: "Between 1 and 3,650 days (10 years)" });
  });
});
