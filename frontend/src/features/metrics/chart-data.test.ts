import { describe, expect, it } from "vitest";
import { barWidth, seriesPoints } from "./chart-data";

describe("seriesPoints", () => {
  const series = [
    { start: "2030-03-01T00:00:00.000Z", expansions: 4, errors: 1, error_rate_pct: 25, avg_latency_ms: 3.5 },
    { start: "2030-03-02T00:00:00.000Z", expansions: 0, errors: 0, error_rate_pct: 0, avg_latency_ms: 0 },
  ];

  it("splits each bucket into successes and errors that add up to its expansions", () => {
    const points = seriesPoints(series, "day");
    expect(points.map((point) => [point.successes, point.errors, point.expansions])).toEqual([
      [3, 1, 4],
      [0, 0, 0],
    ]);
    expect(points[0]).toMatchObject({ start: series[0]?.start, error_rate_pct: 25, avg_latency_ms: 3.5 });
  });

  it("names days in UTC, as the API counts them, and says so", () => {
    const [first] = seriesPoints(series, "day");
    expect(first?.label).toMatch(/1/);
    expect(first?.title).toMatch(/2030/);
    expect(first?.title).toMatch(/\(UTC\)$/);
  });

  it("names hours with their time, and their date in the title", () => {
    const [hour] = seriesPoints([{ ...series[0]!, start: "2030-03-01T14:00:00.000Z" }], "hour");
    expect(hour?.label).toMatch(/\d{2}.\d{2}/);
    expect(hour?.title).toMatch(/2030/);
  });
});

describe("barWidth", () => {
  it("scales to the longest bar and keeps a sliver of any non-zero one", () => {
    expect(barWidth(5, 10)).toBe(50);
    expect(barWidth(10, 10)).toBe(100);
    expect(barWidth(1, 1000)).toBe(2);
    expect(barWidth(0, 10)).toBe(0);
    expect(barWidth(3, 0)).toBe(0);
  });
});
