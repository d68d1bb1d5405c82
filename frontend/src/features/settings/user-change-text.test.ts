import { describe, expect, it } from "vitest";
import { roleChangeText } from "./user-change-text";

describe("roleChangeText", () => {
  it("says what an admin can do", () => {
    expect(roleChangeText({ name: "Ana", role: "admin", self: false })).toEqual({
      title: "Make Ana an admin?",
      summary: "Admins can change every team, prompt and setting.",
      confirmLabel: "Make admin",
      done: "Ana is now an admin.",
    });
  });

  it("says what a demoted admin can no longer do", () => {
    const text = roleChangeText({ name: "Ana", role: "member", self: false });
    expect(text.title).toBe("Make Ana a member?");
    expect(text.summary).toBe("Ana will no longer be able to change teams, prompts and settings they do not own.");
  });

  it("warns admins demoting themselves that they cannot undo it", () => {
    const text = roleChangeText({ name: "Ada", role: "member", self: true });
    expect(text.title).toBe("Give up your admin rights?");
    expect(text.summary).toContain("only another admin can give the rights back");
    expect(text.done).toBe("You are now a member.");
  });
});
