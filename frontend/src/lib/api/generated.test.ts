import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { renderRules, rulesFile } from "../../../scripts/lib/api-rules.mjs";
import { readOpenApi, renderSchema, schemaFile } from "../../../scripts/lib/api-schema.mjs";

// The generated files are committed; these fail when backend/openapi.json changed without them.
describe("the API client's generated files match backend/openapi.json", () => {
  const document = readOpenApi();

  it("src/lib/api/schema.d.ts (else: npm run api:generate)", async () => {
    const rendered = await renderSchema(document);
    expect(
      fs.readFileSync(schemaFile, "utf8") === rendered,
      "schema.d.ts is out of date: run `npm run api:generate`",
    ).toBe(true);
  });

  it("src/lib/api/rules.ts (else: npm run api:generate)", () => {
    expect(fs.readFileSync(rulesFile, "utf8"), "rules.ts is out of date: run `npm run api:generate`").toBe(
      renderRules(document),
    );
  });
});

describe("renderRules", () => {
  it("renders a named request field's pattern, lengths, range and list size, and skips response forms", () => {
    const text = renderRules({
      components: {
        schemas: {
          StepIdInput: { type: "string", pattern: "^[a-z]+$", minLength: 1 },
          RetentionDaysInput: { type: "integer", minimum: 1, maximum: 3650 },
          TagsInput: { type: "array", maxItems: 20, items: { $ref: "#/components/schemas/TagInput" } },
          RetentionDays: { type: "integer", minimum: 1, maximum: 3650 },
          FreeTextInput: { type: "string" },
        },
      },
    });
    const rules = text.split("\n").filter((line) => !line.startsWith("//"));
    expect(rules.join("\n").trim()).toBe(
      [
        "export const retentionDaysRule = {",
        "  minimum: 1,",
        "  maximum: 3650,",
        "} as const;",
        "",
        "export const stepIdRule = {",
        '  pattern: new RegExp("^[a-z]+$"),',
        "  minLength: 1,",
        "} as const;",
        "",
        "export const tagsRule = {",
        "  maxItems: 20,",
        "} as const;",
      ].join("\n"),
    );
  });
});
