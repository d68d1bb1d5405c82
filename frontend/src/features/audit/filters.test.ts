import { createLoader, createSerializer } from "nuqs";
import { describe, expect, it } from "vitest";
import { type AuditFilters, auditQuery, auditSearchParams, auditUrlKeys, rangeProblem, withinRange } from "./filters";

const filters = (values: Partial<AuditFilters>): AuditFilters => ({
  actor: "",
  targetType: "",
  action: "",
  range: "",
  from: "",
  to: "",
  ...values,
});

const now = new Date("2026-03-10T12:00:00Z");

describe("auditSearchParams", () => {
  const load = createLoader(auditSearchParams, { urlKeys: auditUrlKeys });
  const serialize = createSerializer(auditSearchParams, { urlKeys: auditUrlKeys });

  it("reads every filter from the URL", () => {
    expect(load("?actor=u-1&target_type=prompt&action=prompt.*&range=7d")).toEqual(
      filters({ actor: "u-1", targetType: "prompt", action: "prompt.*", range: "7d" }),
    );
  });

  it("drops values that cannot be right", () => {
    expect(load("?actor=x%26y%3D1&range=forever&from=yesterday&to=2026-03-01")).toEqual(filters({ to: "2026-03-01" }));
  });

  it("round-trips through the URL, leaving empty filters out", () => {
    const custom = filters({ targetType: "team", range: "custom", from: "2026-03-01", to: "2026-03-02" });
    const url = serialize("/audit", custom);
    expect(url).toBe("/audit?target_type=team&range=custom&from=2026-03-01&to=2026-03-02");
    expect(load(new URL(url, "http://x").searchParams)).toEqual(custom);
  });
});

describe("withinRange", () => {
  it("drops dates outside a custom range", () => {
    expect(withinRange(filters({ range: "7d", from: "2026-01-01", to: "2026-01-02" }))).toEqual(
      filters({ range: "7d" }),
    );
    const custom = filters({ range: "custom", from: "2026-01-01" });
    expect(withinRange(custom)).toEqual(custom);
  });
});

describe("auditQuery", () => {
  it("passes the actor, target type and action as they are", () => {
    expect(auditQuery(filters({ actor: "u-1", action: "prompt.label_moved" }), now)).toEqual({
      actor: "u-1",
      action: "prompt.label_moved",
    });
  });

  it("counts a relative range back from now", () => {
    expect(auditQuery(filters({ range: "24h" }), now)).toEqual({ from: "2026-03-09T12:00:00.000Z" });
    expect(auditQuery(filters({ range: "30d" }), now).from).toBe("2026-02-08T12:00:00.000Z");
  });

  it("covers whole days of a custom range, the end day included", () => {
    const query = auditQuery(filters({ range: "custom", from: "2026-03-01", to: "2026-03-02" }), now);
    expect(new Date(query.from ?? "").getDate()).toBe(1);
    expect(new Date(query.to ?? "").getDate()).toBe(3);
    expect(Date.parse(query.to ?? "") - Date.parse(query.from ?? "")).toBeGreaterThanOrEqual(47 * 3_600_000);
  });

  it("asks nothing about time when the range ends before it starts", () => {
    const backwards = filters({ range: "custom", from: "2026-03-05", to: "2026-03-01" });
    expect(rangeProblem(backwards)).toBe("The end date is before the start date");
    expect(auditQuery(backwards, now)).toEqual({});
  });
});
