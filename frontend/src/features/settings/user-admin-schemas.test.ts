import { describe, expect, it } from "vitest";
import {
  editUserSchema,
  isActiveFilter,
  orderTeamIds,
  setPasswordSchema,
  teamNamesOf,
  toEditUserBody,
} from "./user-admin-schemas";

const problems = (result: { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } }) =>
  Object.fromEntries((result.error?.issues ?? []).map((issue) => [issue.path.join("."), issue.message]));

describe("editUserSchema", () => {
  it("lets a user without an email stay without one", () => {
    expect(editUserSchema({ hasEmail: false }).safeParse({ display_name: "", email: "" }).success).toBe(true);
  });

  it("refuses to empty an email the user has, since the API would keep it", () => {
    const result = editUserSchema({ hasEmail: true }).safeParse({ display_name: "Linus", email: "" });
    expect(problems(result)).toEqual({ email: "Enter a valid email address" });
  });

  it("checks the email's form and the name's length", () => {
    const result = editUserSchema({ hasEmail: false }).safeParse({ display_name: "x".repeat(201), email: "nope" });
    expect(problems(result)).toEqual({ display_name: "At most 200 characters", email: "Enter a valid email address" });
  });
});

describe("toEditUserBody", () => {
  it("trims the name and sends no email rather than an empty one", () => {
    expect(toEditUserBody({ display_name: "  Linus  ", email: "" })).toEqual({ display_name: "Linus", email: null });
    expect(toEditUserBody({ display_name: "", email: "l@example.com" })).toEqual({
      display_name: "",
      email: "l@example.com",
    });
  });
});

describe("setPasswordSchema", () => {
  it("needs 8 characters and the same password twice", () => {
    expect(problems(setPasswordSchema.safeParse({ password: "short", confirm: "short" }))).toEqual({
      password: "At least 8 characters",
    });
    expect(problems(setPasswordSchema.safeParse({ password: "long enough", confirm: "long enougH" }))).toEqual({
      confirm: "The passwords differ",
    });
    expect(setPasswordSchema.safeParse({ password: "long enough", confirm: "long enough" }).success).toBe(true);
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
