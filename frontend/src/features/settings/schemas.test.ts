import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { toCreateUserBody } from "./form-values";
import { expiryToIso, todayInputValue } from "./key-expiry";
import { apiKeySchema, createUserSchema, passwordSchema, profileSchema } from "./schemas";

describe("API key expiry", () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(new Date(2030, 4, 10, 15, 0));
  });
  afterEach(() => vi.useRealTimers());

  it("ends on the last moment of the chosen local day", () => {
    const iso = expiryToIso("2030-05-31")!;
    const end = new Date(iso);
    expect([end.getFullYear(), end.getMonth(), end.getDate(), end.getHours(), end.getMinutes()]).toEqual([
      2030, 4, 31, 23, 59,
    ]);
  });

  it("means never when empty", () => {
    expect(expiryToIso("")).toBeNull();
  });

  it("accepts today and later, refuses past days", () => {
    const base = { name: "laptop", scopes: ["read"] };
    expect(todayInputValue()).toBe("2030-05-10");
    expect(apiKeySchema.safeParse({ ...base, expires_on: "2030-05-10" }).success).toBe(true);
    expect(apiKeySchema.safeParse({ ...base, expires_on: "" }).success).toBe(true);
    expect(apiKeySchema.safeParse({ ...base, expires_on: "2030-05-09" }).success).toBe(false);
  });

  it("needs a name and at least one scope", () => {
    const result = apiKeySchema.safeParse({ name: " ", scopes: [], expires_on: "" });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => issue.path[0]).sort()).toEqual(["name", "scopes"]);
  });

  it("takes a name of up to 100 characters, as the API does", () => {
    const key = (name: string) => apiKeySchema.safeParse({ name, scopes: ["read"], expires_on: "" });
    expect(key("k".repeat(100)).success).toBe(true);
    expect(key("k".repeat(101)).error?.issues[0]?.message).toBe("At most 100 characters");
  });
});

describe("password change", () => {
  it("needs 8 characters and the same password twice", () => {
    const short = passwordSchema.safeParse({ current_password: "old", password: "short", confirm: "short" });
    expect(short.error?.issues[0]?.path).toEqual(["password"]);
    const differ = passwordSchema.safeParse({
      current_password: "old",
      password: "long enough",
      confirm: "long enougH",
    });
    expect(differ.error?.issues[0]).toMatchObject({ path: ["confirm"], message: "The passwords differ" });
    expect(
      passwordSchema.safeParse({ current_password: "old", password: "long enough", confirm: "long enough" }).success,
    ).toBe(true);
  });
});

describe("profile and new users", () => {
  it("allows an empty email but not a malformed one", () => {
    expect(profileSchema.safeParse({ display_name: "Ada", email: "" }).success).toBe(true);
    expect(profileSchema.safeParse({ display_name: "Ada", email: "ada@" }).success).toBe(false);
  });

  it("takes a display name of up to 200 characters", () => {
    expect(profileSchema.safeParse({ display_name: "a".repeat(200), email: "" }).success).toBe(true);
    const long = profileSchema.safeParse({ display_name: "a".repeat(201), email: "" });
    expect(long.error?.issues[0]?.message).toBe("At most 200 characters");
  });

  it("leaves optional fields out of the new user's request", () => {
    const values = createUserSchema.parse({
      username: " grace ",
      display_name: " ",
      email: "",
      password: "",
      role: "member",
      team_id: "t1",
    });
    expect(toCreateUserBody(values)).toEqual({
      username: "grace",
      display_name: null,
      email: null,
      role: "member",
      team_id: "t1",
    });
    expect(createUserSchema.safeParse({ ...values, password: "short" }).success).toBe(false);
  });
});
