import { describe, expect, it } from "vitest";
import { z } from "@/lib/zod";
import { errorsFromIssues } from "./use-schema-form";

describe("errorsFromIssues", () => {
  it("keeps the first message of each field, keyed by the field's name", () => {
    const schema = z.object({
      name: z
        .string()
        .min(1, "Name it")
        .regex(/^[a-z]+$/, "Letters only"),
      tags: z.string().refine((text) => text.split(",").length <= 2, "At most 2 tags"),
      fine: z.string(),
    });
    const result = schema.safeParse({ name: "", tags: "a,b,c", fine: "" });
    expect(errorsFromIssues(result.error?.issues ?? [])).toEqual({
      name: { message: "Name it" },
      tags: { message: "At most 2 tags" },
    });
  });
});
