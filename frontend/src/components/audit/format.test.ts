import { describe, expect, it } from "vitest";
import { actionVerb, actorLabel, changesSummary, fieldChanges, targetHref } from "./format";

describe("actorLabel", () => {
  it("names a person, a key as a key, and other callers by kind", () => {
    expect(actorLabel({ type: "user", user_id: "u1", name: "Ada Lovelace", api_key_id: null })).toBe("Ada Lovelace");
    expect(actorLabel({ type: "api_key", user_id: "u1", name: "ci", api_key_id: "k1" })).toBe("ci (API key)");
    expect(actorLabel({ type: "operator", user_id: null, name: null, api_key_id: null })).toBe("Operator token");
    expect(actorLabel({ type: "anonymous", user_id: null, name: null, api_key_id: null })).toBe("Anonymous");
  });
});

describe("actionVerb", () => {
  it("drops the target type and writes the verb as words", () => {
    expect(actionVerb("prompt.label_moved")).toBe("Label moved");
    expect(actionVerb("auth.sign_in_failed")).toBe("Sign in failed");
  });
});

describe("targetHref", () => {
  it("links targets that have a page", () => {
    expect(targetHref({ type: "prompt", id: "p1", name: "code-review" })).toBe("/prompts/code-review");
    expect(targetHref({ type: "team", id: "t 1", name: "Web" })).toBe("/teams?team=t%201");
    expect(targetHref({ type: "change_request", id: "c1", name: null })).toBe("/reviews/c1");
    expect(targetHref({ type: "api_key", id: "k1", name: "ci" })).toBeNull();
    expect(targetHref({ type: "prompt", id: null, name: null })).toBeNull();
  });
});

describe("fieldChanges", () => {
  it("lists every field of either side, writing lists and objects out", () => {
    expect(
      fieldChanges({
        before: { label: "production", version: "1.2.0", tags: ["a", "b"] },
        after: { label: "production", version: "1.3.0", schema: { type: ["object"] } },
      }),
    ).toEqual([
      { field: "label", before: "production", after: "production" },
      { field: "version", before: "1.2.0", after: "1.3.0" },
      { field: "tags", before: "a, b", after: null },
      { field: "schema", before: null, after: '{\n  "type": [\n    "object"\n  ]\n}' },
    ]);
  });

  it("shows a map of plain values key by key, and deeper objects whole", () => {
    expect(
      fieldChanges({ before: { labels: { production: "1.2.0" } }, after: { labels: { production: "1.3.0" } } }),
    ).toEqual([{ field: "labels.production", before: "1.2.0", after: "1.3.0" }]);
    expect(fieldChanges({ before: { labels: { staging: null } }, after: { labels: { staging: "2.0.0" } } })).toEqual([
      { field: "labels.staging", before: null, after: "2.0.0" },
    ]);
    expect(fieldChanges({ before: null, after: { input_schema: { properties: { code: {} } } } })).toEqual([
      { field: "input_schema", before: null, after: '{\n  "properties": {\n    "code": {}\n  }\n}' },
    ]);
  });

  it("is empty without changes", () => {
    expect(fieldChanges(null)).toEqual([]);
    expect(fieldChanges({ before: null, after: null })).toEqual([]);
  });
});

describe("changesSummary", () => {
  it("shows one short change in full", () => {
    expect(changesSummary({ before: { version: "1.2.0" }, after: { version: "1.3.0" } })).toBe(
      "version: 1.2.0 → 1.3.0",
    );
    expect(
      changesSummary({ before: { labels: { production: "1.2.0" } }, after: { labels: { production: "1.3.0" } } }),
    ).toBe("labels.production: 1.2.0 → 1.3.0");
    expect(changesSummary({ before: null, after: { role: "admin" } })).toBe("role: — → admin");
    expect(changesSummary({ before: { protected_labels: [] }, after: { protected_labels: ["production"] } })).toBe(
      "protected_labels: none → production",
    );
  });

  it("names the fields when a value is long or several changed", () => {
    expect(changesSummary({ before: { template: "a\nb" }, after: { template: "a\nc" } })).toBe("template: … → …");
    expect(changesSummary({ before: { a: 1, b: 2 }, after: { a: 2, b: 3 } })).toBe("a, b");
    expect(changesSummary({ before: {}, after: { a: 1, b: 2, c: 3, d: 4, e: 5 } })).toBe("a, b, c and 2 more");
    expect(changesSummary(null)).toBe("");
  });
});
