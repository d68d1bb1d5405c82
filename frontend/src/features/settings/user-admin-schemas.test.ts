import { describe, expect, it } from "vitest";
import { editUserSchema, setPasswordSchema } from "./user-admin-schemas";

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
