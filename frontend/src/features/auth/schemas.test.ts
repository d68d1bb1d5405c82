import { zodResolver } from "@hookform/resolvers/zod";
import { describe, expect, it } from "vitest";
import { loginSchema, registerSchema } from "./schemas";

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

describe("the sign-in and set-up forms' messages", () => {
  // The forms validate through this resolver (loaded on demand): one message per field, the first problem found.
  const messages = async (schema: typeof loginSchema | typeof registerSchema, values: Record<string, string>) => {
    const { errors } = await zodResolver(schema)(values as never, undefined, {
      fields: {},
      shouldUseNativeValidation: false,
    });
    return Object.fromEntries(Object.entries(errors).map(([field, error]) => [field, error?.message]));
  };

  it("asks for what is missing on sign-in", async () => {
    expect(await messages(loginSchema, { identifier: "  ", password: "" })).toEqual({
      identifier: "Enter your email or username",
      password: "Enter your password",
    });
  });

  it("shows the set-up form's first problem of each field", async () => {
    const result = await messages(registerSchema, {
      org_name: "",
      org_slug: "",
      display_name: "",
      email: "ada@example.com",
      username: "ada",
      password: "long enough",
    });
    expect(result).toEqual({ org_name: "Name your organization", org_slug: "Choose a short name" });
  });
});
