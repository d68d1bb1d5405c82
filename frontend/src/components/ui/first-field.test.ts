import { describe, expect, it } from "vitest";
import { FIRST_FIELD_SELECTOR, focusFirstField } from "./first-field";

describe("focusFirstField", () => {
  it("focuses what the container finds for the field selector", () => {
    let focused = false;
    let asked = "";
    const container = {
      querySelector: (selector: string) => {
        asked = selector;
        return { focus: () => (focused = true) };
      },
    };
    expect(focusFirstField(container)).toBe(true);
    expect(focused).toBe(true);
    expect(asked).toBe(FIRST_FIELD_SELECTOR);
  });

  it("leaves focus alone when there is no field", () => {
    expect(focusFirstField({ querySelector: () => null })).toBe(false);
    expect(focusFirstField(null)).toBe(false);
  });

  it("names fields, not buttons or hidden inputs", () => {
    expect(FIRST_FIELD_SELECTOR).toContain("textarea");
    expect(FIRST_FIELD_SELECTOR).toContain('input:not([type="hidden"])');
    expect(FIRST_FIELD_SELECTOR).not.toMatch(/(^|, )button(,|$)/);
  });
});
