import { describe, expect, it } from "vitest";
import {
  objectiveFormDefaults,
  objectiveStatusOptions,
  policyFormDefaults,
  toObjectiveFields,
  toPolicyFields,
} from "./form-values";
import { objectiveFormSchema, policyFormSchema } from "./schemas";

describe("policy form", () => {
  it("starts active with priority 0, and turns the priority into a number", () => {
    const defaults = policyFormDefaults();
    expect(defaults).toMatchObject({ enforcement_type: "prepend", priority: "0", is_active: true });
    const values = policyFormSchema.parse({ ...defaults, name: " Tone ", content: "Be kind.", priority: "-5" });
    expect(toPolicyFields(values)).toEqual({
      name: "Tone",
      enforcement_type: "prepend",
      content: "Be kind.",
      priority: -5,
      description: null,
    });
  });

  it("refuses a priority that is not a whole number or does not fit the column", () => {
    const base = { ...policyFormDefaults(), name: "Tone", content: "Be kind." };
    expect(policyFormSchema.safeParse({ ...base, priority: "1.5" }).success).toBe(false);
    expect(policyFormSchema.safeParse({ ...base, priority: "" }).success).toBe(false);
    expect(policyFormSchema.safeParse({ ...base, priority: "99999999999" }).success).toBe(false);
    expect(policyFormSchema.safeParse({ ...base, priority: "2147483648" }).success).toBe(false);
    // The API takes every 32-bit integer, the most negative one included.
    expect(policyFormSchema.safeParse({ ...base, priority: "-2147483648" }).success).toBe(true);
    expect(policyFormSchema.safeParse({ ...base, priority: "2147483647" }).success).toBe(true);
  });

  it("holds the policy text and name to the API's lengths", () => {
    const base = { ...policyFormDefaults(), name: "Tone", content: "Be kind." };
    expect(policyFormSchema.safeParse({ ...base, content: "x".repeat(20_000) }).success).toBe(true);
    const long = policyFormSchema.safeParse({ ...base, content: "x".repeat(20_001) });
    expect(long.error?.issues[0]?.message).toBe("At most 20,000 characters");
    expect(policyFormSchema.safeParse({ ...base, name: "n".repeat(201) }).success).toBe(false);
  });
});

describe("objective form", () => {
  it("needs a title and a status, and sends an empty description as null", () => {
    expect(objectiveFormSchema.safeParse({ title: " ", description: "", status: "active" }).success).toBe(false);
    expect(objectiveFormSchema.safeParse({ title: "Ship", description: "", status: "" }).success).toBe(false);
    const values = objectiveFormSchema.parse({ ...objectiveFormDefaults(), title: "Ship" });
    expect(toObjectiveFields(values)).toEqual({ title: "Ship", description: null, status: "active" });
    // A status stored before the list was fixed is kept by not sending it.
    expect(toObjectiveFields({ ...values, status: "someday" })).toEqual({ title: "Ship", description: null });
  });

  it("holds the title and description to the API's lengths", () => {
    const base = objectiveFormDefaults();
    expect(objectiveFormSchema.safeParse({ ...base, title: "t".repeat(500) }).success).toBe(true);
    expect(objectiveFormSchema.safeParse({ ...base, title: "t".repeat(501) }).success).toBe(false);
    const long = objectiveFormSchema.safeParse({ ...base, title: "Ship", description: "d".repeat(10_001) });
    expect(long.error?.issues[0]?.message).toBe("At most 10,000 characters");
  });

  it("offers the fixed statuses, plus an earlier one an objective still has", () => {
    expect(objectiveStatusOptions("done").map((option) => option.value)).toEqual([
      "active",
      "paused",
      "done",
      "archived",
    ]);
    expect(objectiveStatusOptions("someday").at(-1)).toEqual({ value: "someday", label: "someday (earlier status)" });
  });
});
