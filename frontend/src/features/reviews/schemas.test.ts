import { describe, expect, it } from "vitest";
import { commentSchema, decisionTextSchema } from "./schemas";

describe("commentSchema", () => {
  it("asks for a comment rather than sending blanks, and sends it trimmed", () => {
    expect(commentSchema.safeParse({ body: " \n " }).error?.issues[0]?.message).toBe("Write a comment first");
    expect(commentSchema.parse({ body: "  Looks good.\n" })).toEqual({ body: "Looks good." });
  });
});

describe("decisionTextSchema", () => {
  it("needs a reason to reject, not a comment to approve", () => {
    expect(decisionTextSchema(true).safeParse({ text: "  " }).error?.issues[0]?.message).toBe(
      "Say why, so that the author knows what to change",
    );
    expect(decisionTextSchema(false).parse({ text: "  " })).toEqual({ text: "" });
  });
});
