import { describe, expect, it } from "vitest";
import { isActive, isBuiltPage, loginPath, navigation, safeNextPath } from "./navigation";

describe("safeNextPath", () => {
  it("keeps paths on this site", () => {
    expect(safeNextPath("/prompts?q=x")).toBe("/prompts?q=x");
    expect(safeNextPath(["/a", "/b"])).toBe("/a");
  });

  it.each(["https://evil.example", "//evil.example/x", "/\\evil.example", "javascript:alert(1)", "", undefined, null])(
    "refuses %s",
    (value) => {
      expect(safeNextPath(value)).toBe("/");
    },
  );
});

describe("loginPath", () => {
  it("adds the page to return to, except for the dashboard and the sign-in page itself", () => {
    expect(loginPath("/prompts/review?x=1")).toBe("/login?next=%2Fprompts%2Freview%3Fx%3D1");
    expect(loginPath("/")).toBe("/login");
    expect(loginPath("/login?next=%2Fx")).toBe("/login");
    expect(loginPath("https://evil.example")).toBe("/login");
  });
});

describe("the menu", () => {
  const prompts = navigation.find((item) => item.href === "/prompts")!;
  const dashboard = navigation.find((item) => item.href === "/")!;

  it("marks the section of nested pages, and the dashboard only on itself", () => {
    expect(isActive(prompts, "/prompts/review")).toBe(true);
    expect(isActive(prompts, "/promptsx")).toBe(false);
    expect(isActive(dashboard, "/")).toBe(true);
    expect(isActive(dashboard, "/prompts")).toBe(false);
  });

  it("knows which pages exist", () => {
    expect(isBuiltPage("/prompts/new")).toBe(true);
    expect(isBuiltPage("/no-such-section")).toBe(false);
  });
});
