import { describe, expect, it } from "vitest";
import { dayBars, promptMetricsHref } from "./usage-links";

describe("promptMetricsHref", () => {
  it("opens the metrics of this prompt over the panel's 30 days", () => {
    expect(promptMetricsHref("summarize notes", "overview")).toBe("/metrics?range=30d&prompt=summarize+notes");
  });

  it("opens the prompt's failed expansions", () => {
    const url = new URL(promptMetricsHref("summarize", "events", true), "http://x");
    expect(url.pathname).toBe("/metrics/events");
    expect(Object.fromEntries(url.searchParams)).toEqual({ range: "30d", prompt: "summarize", status: "error" });
  });
});

describe("dayBars", () => {
  it("scales days to the busiest and draws the failed share inside each bar", () => {
    const bars = dayBars([
      { start: "a", expansions: 4, errors: 1 },
      { start: "b", expansions: 2, errors: 2 },
      { start: "c", expansions: 0, errors: 0 },
    ]);
    expect(bars.map((bar) => [bar.height, bar.failedShare])).toEqual([
      [100, 25],
      [50, 100],
      [0, 0],
    ]);
  });

  it("draws nothing for a month without expansions", () => {
    expect(dayBars([{ start: "a", expansions: 0, errors: 0 }])[0]).toMatchObject({ height: 0, failedShare: 0 });
  });
});
