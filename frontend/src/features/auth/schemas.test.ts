import { describe, expect, it } from "vitest";
import { registerSchema } from "./schemas";

describe("registerSchema", () => {
  const valid = {
    org_name: "Acme",
    org_slug: "acme",
    display_name: "",
    email: "ada@example.com",
    username: "ada",
    password: "long enough",
  };

  it("accepts what the backend accepts", () => {
    expect(registerSchema.safeParse(valid).success).toBe(true);
  });

  it("rejects what the backend would reject, by field", () => {
    const result = registerSchema.safeParse({
      ...valid,
      org_slug: "Acme!",
      email: "nope",
      username: "Ada",
      password: "short",
    });
    expect(result.error?.issues.map((issue) => issue.path[0]).sort()).toEqual([
      "email",
      "org_slug",
      "password",
      "username",
    ]);
  });
});
