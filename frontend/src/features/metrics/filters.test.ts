import { describe, expect, it } from "vitest";
import {
  bucketEnd,
  bucketEventsHref,
  errorEventsHref,
  eventsHref,
  fromLocalInput,
  type MetricsParams,
  type MetricsState,
  matchesErrorCode,
  metricsParams,
  NO_FILTERS,
  overviewHref,
  rangeProblem,
  readMetricsState,
  resolveRange,
  toLocalInput,
  topErrorEventsHref,
  usageQuery,
} from "./filters";

const EMPTY: MetricsParams = {
  range: "",
  from: "",
  to: "",
  prompt: "",
  user_id: "",
  team_id: "",
  project_id: "",
  channel: "",
  status: "",
  error_code: "",
};
const params = (values: Partial<MetricsParams>): MetricsParams => ({ ...EMPTY, ...values });
const state = (values: Partial<MetricsState> = {}): MetricsState => ({
  range: "7d",
  from: "",
  to: "",
  filters: NO_FILTERS,
  errorCode: "",
  ...values,
});
const TEAM = "6f1c9a52-0d7e-4a4b-9f55-2b8e1c3d4e5f";
const query = (href: string) => Object.fromEntries(new URL(href, "http://x").searchParams);

describe("range ↔ URL", () => {
  it("reads the last 7 days when the URL names no range, as the API defaults to", () => {
    expect(readMetricsState(EMPTY)).toEqual(state());
    expect(metricsParams(state())).toMatchObject({ range: null, from: null, to: null });
  });

  it("keeps a preset by name and drops from/to that belong to no custom range", () => {
    const read = readMetricsState(params({ range: "24h", from: "2030-01-01T00:00:00Z" }));
    expect(read).toMatchObject({ range: "24h", from: "", to: "" });
    expect(metricsParams(read)).toMatchObject({ range: "24h", from: null });
  });

  it("reads from and to without a range as a custom range, in the API's form", () => {
    const read = readMetricsState(params({ from: "2030-01-01T10:00:00Z", to: "2030-01-01T11:00:00+00:00" }));
    expect(read).toMatchObject({
      range: "custom",
      from: "2030-01-01T10:00:00.000Z",
      to: "2030-01-01T11:00:00.000Z",
    });
    expect(metricsParams(read)).toMatchObject({
      range: "custom",
      from: "2030-01-01T10:00:00.000Z",
      to: "2030-01-01T11:00:00.000Z",
    });
  });

  it("drops values that cannot be right instead of sending them", () => {
    const read = readMetricsState(
      params({
        range: "forever",
        from: "yesterday",
        channel: "fax",
        status: "maybe",
        team_id: "'; drop table",
        error_code: "a b",
      }),
    );
    expect(read).toEqual(state());
  });

  it("round-trips every filter through the URL", () => {
    const values = params({
      range: "30d",
      prompt: "summarize",
      user_id: "u-1",
      team_id: TEAM,
      project_id: "p-1",
      channel: "mcp_tool",
      status: "error",
      error_code: "validation_error",
    });
    const read = readMetricsState(values);
    expect(read.filters).toEqual({
      prompt: "summarize",
      userId: "u-1",
      teamId: TEAM,
      projectId: "p-1",
      channel: "mcp_tool",
      status: "error",
    });
    expect(metricsParams(read)).toEqual({ ...values, from: null, to: null });
  });
});

describe("resolveRange and rangeProblem", () => {
  const now = new Date("2030-03-02T10:30:00.000Z");

  it("counts a preset back from now", () => {
    expect(resolveRange(state({ range: "24h" }), now)).toEqual({
      from: "2030-03-01T10:30:00.000Z",
      to: "2030-03-02T10:30:00.000Z",
    });
    expect(resolveRange(state({ range: "30d" }), now)?.from).toBe("2030-01-31T10:30:00.000Z");
  });

  it("takes a custom range as written, and refuses one that is empty, backwards or too long", () => {
    const custom = state({ range: "custom", from: "2030-01-01T00:00:00.000Z", to: "2030-01-02T00:00:00.000Z" });
    expect(resolveRange(custom, now)).toEqual({ from: custom.from, to: custom.to });
    expect(rangeProblem(custom)).toBeNull();
    expect(rangeProblem({ ...custom, to: "" })).toBe("Choose when the range starts and ends");
    expect(rangeProblem({ ...custom, to: custom.from })).toBe("The end must come after the start");
    expect(rangeProblem({ ...custom, to: "2031-03-01T00:00:00.000Z" })).toBe("At most 400 days");
    expect(resolveRange({ ...custom, to: custom.from }, now)).toBeNull();
    expect(usageQuery({ ...custom, to: "" }, now)).toBeNull();
  });

  it("asks the API with the filters and the range, nothing empty", () => {
    const filtered = state({ range: "24h", filters: { ...NO_FILTERS, prompt: "summarize", status: "error" } });
    expect(usageQuery(filtered, now)).toEqual({
      prompt: "summarize",
      status: "error",
      from: "2030-03-01T10:30:00.000Z",
      to: "2030-03-02T10:30:00.000Z",
    });
  });
});

describe("click-through to the events", () => {
  const page = state({ range: "24h", filters: { ...NO_FILTERS, teamId: TEAM } });

  it("opens a series bucket as its own hour or day, with the page's filters", () => {
    expect(bucketEnd("2030-03-02T10:00:00.000Z", "hour")).toBe("2030-03-02T11:00:00.000Z");
    expect(bucketEnd("2030-03-02T00:00:00.000Z", "day")).toBe("2030-03-03T00:00:00.000Z");
    const href = bucketEventsHref(page, "2030-03-02T10:00:00.000Z", "hour");
    expect(href.startsWith("/metrics/events?")).toBe(true);
    expect(query(href)).toEqual({
      range: "custom",
      from: "2030-03-02T10:00:00.000Z",
      to: "2030-03-02T11:00:00.000Z",
      team_id: TEAM,
    });
    expect(query(bucketEventsHref(page, "2030-03-02T00:00:00.000Z", "day", true))).toMatchObject({
      to: "2030-03-03T00:00:00.000Z",
      status: "error",
    });
  });

  it("opens the error rate as the failed expansions, keeping range and filters", () => {
    expect(query(errorEventsHref(page))).toEqual({ range: "24h", team_id: TEAM, status: "error" });
    expect(query(errorEventsHref(page, { prompt: "summarize" }))).toEqual({
      range: "24h",
      team_id: TEAM,
      prompt: "summarize",
      status: "error",
    });
  });

  it("opens a top prompt, and a top error matched on its code", () => {
    expect(query(eventsHref(page, { filters: { prompt: "summarize" } }))).toEqual({
      range: "24h",
      team_id: TEAM,
      prompt: "summarize",
    });
    expect(query(topErrorEventsHref(page, { error_code: "label_not_found" }))).toEqual({
      range: "24h",
      team_id: TEAM,
      status: "error",
      error_code: "label_not_found",
    });
    // An error without a code (an internal error) lists every failure.
    expect(query(topErrorEventsHref(page, { error_code: null }))).not.toHaveProperty("error_code");
  });

  it("goes back to the overview with the same view, minus the error code", () => {
    expect(overviewHref(state())).toBe("/metrics");
    expect(query(overviewHref({ ...page, errorCode: "validation_error" }))).toEqual({ range: "24h", team_id: TEAM });
  });

  it("keeps an event when it has the code asked for, or when none is", () => {
    expect(matchesErrorCode({ error_code: "a" }, "")).toBe(true);
    expect(matchesErrorCode({ error_code: "a" }, "a")).toBe(true);
    expect(matchesErrorCode({ error_code: null }, "a")).toBe(false);
  });
});

describe("datetime-local inputs", () => {
  it("shows an instant in the user's time zone and reads it back", () => {
    const local = new Date(2030, 2, 2, 9, 5);
    expect(toLocalInput(local.toISOString())).toBe("2030-03-02T09:05");
    expect(fromLocalInput("2030-03-02T09:05")).toBe(local.toISOString());
    expect(fromLocalInput(toLocalInput("2030-07-01T23:00:00.000Z"))).toBe("2030-07-01T23:00:00.000Z");
  });

  it("gives nothing for nothing", () => {
    expect(toLocalInput("")).toBe("");
    expect(fromLocalInput("")).toBe("");
    expect(fromLocalInput("soon")).toBe("");
  });
});
