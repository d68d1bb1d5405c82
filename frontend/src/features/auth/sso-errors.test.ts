import { describe, expect, it } from "vitest";
import { ssoErrorMessage, ssoLoginHref } from "./sso-errors";

describe("ssoErrorMessage", () => {
  it("explains each code the backend sends, and anything else generically", () => {
    expect(ssoErrorMessage("sso_domain_not_allowed")).toMatch(/domain/);
    expect(ssoErrorMessage(["sso_account_inactive", "x"])).toMatch(/deactivated/);
    expect(ssoErrorMessage("toString")).toBe("Single sign-on did not finish. Please try again.");
    expect(ssoErrorMessage("<script>")).toBe("Single sign-on did not finish. Please try again.");
    expect(ssoErrorMessage(undefined)).toBeNull();
    expect(ssoErrorMessage("")).toBeNull();
  });
});

describe("ssoLoginHref", () => {
  it("passes next on, encoded", () => {
    expect(ssoLoginHref("/api/v1/auth/sso/login", "/prompts?tab=mine&x=1")).toBe(
      "/api/v1/auth/sso/login?next=%2Fprompts%3Ftab%3Dmine%26x%3D1",
    );
    expect(ssoLoginHref("/api/v1/auth/sso/login", "/")).toBe("/api/v1/auth/sso/login");
  });
});
