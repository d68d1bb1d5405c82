import { describe, expect, it } from "vitest";
import type { PromptVersion } from "./api";
import { defaultSourceVersion, duplicateName, toDuplicateBody } from "./duplicate";
import { duplicatePromptSchema } from "./schemas";

const version = (id: string, label: string, extra: Partial<PromptVersion> = {}): PromptVersion =>
  ({
    id,
    prompt_id: "p1",
    version: label,
    system_template: `system of ${label}`,
    user_template: `user of ${label}: {{ input }}`,
    input_schema: { type: "object", properties: { input: { type: "string" } } },
    tags: ["review"],
    labels: [],
    change_note: "the original's note",
    created_at: "2026-01-01T00:00:00Z",
    created_by_id: null,
    ...extra,
  }) as PromptVersion;

describe("duplicateName", () => {
  it("suggests <name>-copy", () => {
    expect(duplicateName("code-review")).toBe("code-review-copy");
  });

  it("stays within the 100 characters a name may have", () => {
    const long = "a".repeat(100);
    expect(duplicateName(long)).toHaveLength(100);
    expect(duplicateName(long).endsWith("-copy")).toBe(true);
    expect(duplicateName(`${"b".repeat(94)}-x`)).toBe(`${"b".repeat(94)}-copy`);
  });
});

describe("defaultSourceVersion", () => {
  const versions = [version("v3", "3.0.0"), version("v2", "2.0.0"), version("v1", "1.0.0")];

  it("starts from the served version, else the newest", () => {
    expect(
      defaultSourceVersion({ active_version: versions[1], latest_version: versions[0] } as never, versions)?.id,
    ).toBe("v2");
    expect(defaultSourceVersion({ active_version: null, latest_version: versions[0] } as never, versions)?.id).toBe(
      "v3",
    );
    expect(defaultSourceVersion({ active_version: null, latest_version: null } as never, versions)?.id).toBe("v3");
  });
});

describe("toDuplicateBody", () => {
  it("copies the version's templates, schema and tags and the description, under the new name and visibility", () => {
    const source = version("v2", "2.0.0");
    expect(
      toDuplicateBody({ name: "code-review", description: "Reviews code" }, source, {
        name: " code-review-copy ",
        visibility: "private",
      }),
    ).toEqual({
      name: "code-review-copy",
      description: "Reviews code",
      visibility: "private",
      version: {
        version: "2.0.0",
        system_template: "system of 2.0.0",
        user_template: "user of 2.0.0: {{ input }}",
        input_schema: { type: "object", properties: { input: { type: "string" } } },
        tags: ["review"],
        change_note: "Copied from code-review version 2.0.0",
      },
    });
  });
});

describe("duplicatePromptSchema", () => {
  it("checks the new name like a new prompt's", () => {
    const ok = { name: "code-review-copy", version_id: "v1", visibility: "private" };
    expect(duplicatePromptSchema.safeParse(ok).success).toBe(true);
    expect(duplicatePromptSchema.safeParse({ ...ok, name: "Code Review" }).error?.issues[0]?.message).toMatch(
      /Lower-case letters/,
    );
    expect(duplicatePromptSchema.safeParse({ ...ok, name: "" }).error?.issues[0]?.message).toBe("Name the prompt");
  });
});
