import { describe, expect, it } from "vitest";
import { hintRepeatsError } from "./field-hint";

describe("hintRepeatsError", () => {
  it("is true when the error says what the hint says", () => {
    expect(hintRepeatsError("At least 8 characters.", "At least 8 characters")).toBe(true);
    expect(hintRepeatsError("at least 8 characters", "At least 8 characters.")).toBe(true);
  });

  it("is false for different words, no error, or a hint that is not text", () => {
    expect(hintRepeatsError("Lowercase letters and dashes.", "Required")).toBe(false);
    expect(hintRepeatsError("At least 8 characters.", undefined)).toBe(false);
    expect(hintRepeatsError(undefined, "At least 8 characters")).toBe(false);
  });
});
