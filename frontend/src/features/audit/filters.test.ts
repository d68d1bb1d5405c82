import { describe, expect, it } from "vitest";
import { type AuditParams, auditParams, auditQuery, rangeProblem, readAuditFilters } from "./filters";

const params = (values: Partial<AuditParams>): AuditParams => ({
  actor: "",
  target_type: "",
  action: "",
  range: "",
  from: "",
  to: "",
  ...values,
});

const now = new Date("2026-03-10T12:00:00Z");

describe("readAuditFilters", () => {
  it("reads every filter from the URL", () => {
    expect(readAuditFilters(params({ actor: "u-1", target_type: "prompt", action: "prompt.*", range: "7d" }))).toEqual({
      actor: "u-1",
      targetType: "prompt",
      action: "prompt.*",
      range: "7d",
      from: "",
      to: "",
    });
  });

  it("drops values that cannot be right, and dates outside a custom range", () => {
    expect(readAuditFilters(params({ actor: "x&y=1", range: "forever", from: "2026-01-01" }))).toEqual({
      actor: "",
      targetType: "",
      action: "",
      range: "",
      from: "",
      to: "",
    });
    expect(readAuditFilters(params({ range: "custom", from: "yesterday", to: "2026-03-01" }))).toMatchObject({
      from: "",
      to: "2026-03-01",
    });
  });
});

describe("auditParams", () => {
  it("round-trips through the URL, leaving empty filters out", () => {
    const filters = readAuditFilters(
      params({ target_type: "team", range: "custom", from: "2026-03-01", to: "2026-03-02" }),
    );
    const url = auditParams(filters);
    expect(url).toEqual({
      actor: null,
      target_type: "team",
      action: null,
      range: "custom",
      from: "2026-03-01",
      to: "2026-03-02",
    });
    const back = Object.fromEntries(Object.entries(url).map(([key, value]) => [key, value ?? ""])) as AuditParams;
    expect(readAuditFilters(back)).toEqual(filters);
  });
});

describe("auditQuery", () => {
  it("passes the actor, target type and action as they are", () => {
    expect(auditQuery(readAuditFilters(params({ actor: "u-1", action: "prompt.label_moved" })), now)).toEqual({
      actor: "u-1",
      action: "prompt.label_moved",
    });
  });

  it("counts a relative range back from now", () => {
    expect(auditQuery(readAuditFilters(params({ range: "24h" })), now)).toEqual({ from: "2026-03-09T12:00:00.000Z" });
    expect(auditQuery(readAuditFilters(params({ range: "30d" })), now).from).toBe("2026-02-08T12:00:00.000Z");
  });

  it("covers whole days of a custom range, the end day included", () => {
    const query = auditQuery(readAuditFilters(params({ range: "custom", from: "2026-03-01", to: "2026-03-02" })), now);
    expect(new Date(query.from ?? "").getDate()).toBe(1);
    expect(new Date(query.to ?? "").getDate()).toBe(3);
    expect(Date.parse(query.to ?? "") - Date.parse(query.from ?? "")).toBeGreaterThanOrEqual(47 * 3_600_000);
  });

  it("asks nothing about time when the range ends before it starts", () => {
    const filters = readAuditFilters(params({ range: "custom", from: "2026-03-05", to: "2026-03-01" }));
    expect(rangeProblem(filters)).toBe("The end date is before the start date");
    expect(auditQuery(filters, now)).toEqual({});
  });
});
