import { describe, expect, it } from "vitest";
import { groupsOf, identityFromClaims, usernameBase } from "./external-identity.js";
import { applyGroupRules } from "./group-rules.js";

describe("usernameBase", () => {
  it("cleans the provider's user name or the email's local part into a SpecHub username", () => {
    expect(usernameBase({ username: "alice@corp.example", email: null })).toBe("alice");
    expect(usernameBase({ username: "Jean Luc.Picard", email: "x@y.z" })).toBe("jean-luc-picard");
    expect(usernameBase({ username: null, email: "o'brien@corp.example" })).toBe("o-brien");
    expect(usernameBase({ username: "kube:admin", email: null })).toBe("kube-admin");
    expect(usernameBase({ username: "Ωμέγα", email: null })).toBe("user");
    expect(usernameBase({ username: null, email: null })).toBe("user");
    expect(usernameBase({ username: "a".repeat(100), email: null })).toHaveLength(64);
  });
});

describe("identityFromClaims", () => {
  it("lower-cases the email, reads email_verified in either form and the configured groups claim", () => {
    const identity = identityFromClaims(
      "https://idp.example",
      { sub: "42", email: "Ann@Corp.Example", email_verified: "true", roles: ["a", 7, "b"] },
      "roles",
    );
    expect(identity).toMatchObject({
      subject: "42",
      email: "ann@corp.example",
      emailVerified: true,
      groups: ["a", "b"],
    });
    expect(identityFromClaims("i", { sub: "1", email: "not an email" }, "groups")).toMatchObject({
      email: null,
      emailVerified: null,
      groups: [],
    });
  });

  it("refuses claims without a subject", () => {
    expect(() => identityFromClaims("i", { email: "a@b.c" }, "groups")).toThrow(/subject/);
  });

  it("takes a single group sent as a bare string", () => {
    expect(groupsOf("admins")).toEqual(["admins"]);
    expect(groupsOf(null)).toEqual([]);
  });
});

describe("applyGroupRules", () => {
  const rules = [
    { group: "ops", role: "admin" as const },
    { group: "writers", team: "writers" },
    { group: "platform", team: "platform", role: "admin" as const },
  ];

  it("takes the team of the first matching rule that names one, and admin from any matching rule", () => {
    expect(applyGroupRules(rules, ["platform", "writers"])).toEqual({ teamSlug: "writers", role: "admin" });
    expect(applyGroupRules(rules, ["ops"])).toEqual({ teamSlug: undefined, role: "admin" });
    expect(applyGroupRules(rules, ["writers"])).toEqual({ teamSlug: "writers", role: "member" });
    expect(applyGroupRules(rules, [])).toEqual({ teamSlug: undefined, role: "member" });
  });
});
