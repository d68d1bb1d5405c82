import { describe, expect, it } from "vitest";
import { fillDailyUsage, hasUsage } from "./chart-data";

describe("fillDailyUsage", () => {
  const now = new Date("2030-03-02T10:00:00Z");

  it("gives every day of the last week, oldest first, zero where the API has nothing", () => {
    const days = fillDailyUsage(
      [
        { date: "2030-02-24", count: 3 },
        { date: "2030-03-02", count: 5 },
      ],
      now,
    );
    expect(days.map((day) => day.date)).toEqual([
      "2030-02-24",
      "2030-02-25",
      "2030-02-26",
      "2030-02-27",
      "2030-02-28",
      "2030-03-01",
      "2030-03-02",
    ]);
    expect(days.map((day) => day.count)).toEqual([3, 0, 0, 0, 0, 0, 5]);
    expect(days.every((day) => day.label.length > 0)).toBe(true);
  });

  it("counts days in UTC, as the API does, whatever the hour", () => {
    const lateUtc = new Date("2030-03-02T23:59:00Z");
    expect(fillDailyUsage([], lateUtc, 1)).toMatchObject([{ date: "2030-03-02", count: 0 }]);
  });

  it("ignores days outside the window", () => {
    expect(fillDailyUsage([{ date: "2030-01-01", count: 9 }], now).reduce((sum, day) => sum + day.count, 0)).toBe(0);
  });
});

describe("hasUsage", () => {
  it("is false on a registry nobody expanded anything from", () => {
    expect(hasUsage({ total_expands: 0 })).toBe(false);
    expect(hasUsage({ total_expands: 1 })).toBe(true);
  });
});
