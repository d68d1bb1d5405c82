import { describe, expect, it } from "vitest";
import { isActiveFilter, orderTeamIds, teamNamesOf, toEditUserBody } from "./user-admin-values";

describe("toEditUserBody", () => {
  it("trims the name and sends no email rather than an empty one", () => {
    expect(toEditUserBody({ display_name: "  Linus  ", email: "" })).toEqual({ display_name: "Linus", email: null });
    expect(toEditUserBody({ display_name: "", email: "l@example.com" })).toEqual({
      display_name: "",
      email: "l@example.com",
    });
  });
});

describe("isActiveFilter", () => {
  it("maps the status filter to the API's is_active, ignoring anything else", () => {
    expect(isActiveFilter("active")).toBe("true");
    expect(isActiveFilter("deactivated")).toBe("false");
    expect(isActiveFilter("")).toBeUndefined();
    expect(isActiveFilter("pending")).toBeUndefined();
  });
});

describe("orderTeamIds", () => {
  it("puts the primary first and every other chosen team once, in the order chosen", () => {
    expect(orderTeamIds("b", ["a", "b", "c", "a"])).toEqual(["b", "a", "c"]);
    expect(orderTeamIds("x", ["a"])).toEqual(["x", "a"]);
    expect(orderTeamIds("a", [])).toEqual(["a"]);
  });
});

describe("teamNamesOf", () => {
  it("names each team in the user's order and keeps a placeholder for one not loaded", () => {
    const teams = [
      { id: "1", name: "Platform" },
      { id: "2", name: "Design" },
    ];
    expect(teamNamesOf(["2", "1", "3"], teams)).toEqual([
      { id: "2", name: "Design" },
      { id: "1", name: "Platform" },
      { id: "3", name: "…" },
    ]);
    expect(teamNamesOf(["1"], undefined)).toEqual([{ id: "1", name: "…" }]);
  });
});
