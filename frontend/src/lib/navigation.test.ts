import { describe, expect, it } from "vitest";
import { isActive, isBuiltPage, loginPath, navigation, safeNextPath } from "./navigation";

describe("safeNextPath", () => {
  it("keeps paths on this site", () => {
    expect(safeNextPath("/prompts?q=x")).toBe("/prompts?q=x");
    expect(safeNextPath("/prompts/x?y=1")).toBe("/prompts/x?y=1");
    expect(safeNextPath("/prompts/review#versions")).toBe("/prompts/review#versions");
    expect(safeNextPath(["/a", "/b"])).toBe("/a");
  });

  // Each as the login page receives it: Next decodes the query string once.
  const decoded = (query: string) => new URLSearchParams(query).get("next");

  it.each([
    ["an absolute URL", "https://evil.example"],
    ["a protocol-relative URL", "//evil.example/x"],
    ["a backslash after the slash", "/\\evil.example"],
    ["a script URL", "javascript:alert(1)"],
    ["a tab after the first slash", decoded("next=/%09/evil.example/")],
    ["a newline after the first slash", decoded("next=/%0A/evil.example/")],
    ["a carriage return after the first slash", decoded("next=/%0D/evil.example/")],
    ["an encoded backslash", decoded("next=/%5Cevil.example")],
    ["encoded slashes", decoded("next=%2F%2Fevil.example")],
    ["a tab inside the path", "/prompts/\tx"],
    ["a NUL byte", "/prompts\u0000"],
    ["an empty value", ""],
    ["no value", undefined],
    ["null", null],
  ])("refuses %s", (_case, value) => {
    expect(safeNextPath(value)).toBe("/");
  });

  it("keeps escapes that stay escaped, which browsers read as part of the path", () => {
    expect(safeNextPath(decoded("next=/%2509/evil.example/"))).toBe("/%09/evil.example/");
    expect(safeNextPath(decoded("next=/%252F%252Fevil.example"))).toBe("/%2F%2Fevil.example");
    // Resolved against this site, whatever it contains, the result stays here.
    expect(new URL(safeNextPath(decoded("next=/%2509/evil.example/")), "https://spechub.example").host).toBe(
      "spechub.example",
    );
  });
});

describe("loginPath", () => {
  it("adds the page to return to, except for the dashboard and the sign-in page itself", () => {
    expect(loginPath("/prompts/review?x=1")).toBe("/login?next=%2Fprompts%2Freview%3Fx%3D1");
    expect(loginPath("/")).toBe("/login");
    expect(loginPath("/login?next=%2Fx")).toBe("/login");
    expect(loginPath("https://evil.example")).toBe("/login");
  });

  it("brings someone approving an IDE back to the same consent request after signing in", () => {
    const login = loginPath("/oauth/consent?request=req_a-1");
    expect(login).toBe("/login?next=%2Foauth%2Fconsent%3Frequest%3Dreq_a-1");
    const next = new URL(login, "https://spechub.example").searchParams.get("next");
    expect(safeNextPath(next)).toBe("/oauth/consent?request=req_a-1");
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
    expect(isBuiltPage("/reviews/some-id")).toBe(true);
    expect(isBuiltPage("/no-such-section")).toBe(false);
  });
});
