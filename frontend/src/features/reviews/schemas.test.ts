import { describe, expect, it } from "vitest";
import { commentSchema, decisionTextSchema } from "./schemas";

describe("commentSchema", () => {
  it("asks for a comment rather than sending blanks, and sends it trimmed", () => {
    expect(commentSchema.safeParse({ body: " \n " }).error?.issues[0]?.message).toBe("Write a comment first");
    expect(commentSchema.parse({ body: "  Looks good.\n" })).toEqual({ body: "Looks good." });
  });

  it("takes up to 10,000 characters, as the API does", () => {
    expect(commentSchema.safeParse({ body: "c".repeat(10_000) }).success).toBe(true);
    expect(commentSchema.safeParse({ body: "c".repeat(10_001) }).error?.issues[0]?.message).toBe(
      "At most 10,000 characters",
    );
  });
});

describe("decisionTextSchema", () => {
  it("needs a reason to reject, not a comment to approve", () => {
    expect(decisionTextSchema(true).safeParse({ text: "  " }).error?.issues[0]?.message).toBe(
      "Say why, so that the author knows what to change",
    );
    expect(decisionTextSchema(false).parse({ text: "  " })).toEqual({ text: "" });
  });

  it("takes a 10,000-character comment with an approval, a reason of at most 2,000", () => {
    expect(decisionTextSchema(false).safeParse({ text: "a".repeat(10_000) }).success).toBe(true);
    expect(decisionTextSchema(true).safeParse({ text: "r".repeat(2000) }).success).toBe(true);
    expect(decisionTextSchema(true).safeParse({ text: "r".repeat(2001) }).error?.issues[0]?.message).toBe(
      "At most 2,000 characters",
    );
  });
});
