import { describe, expect, it } from "vitest";
import { ApiError } from "@/lib/api/errors";
import { governanceOutcome, outcomeOf, reviewHref } from "./review";

const answer = (status: number, body: unknown) =>
  Promise.resolve({
    data: status < 300 ? body : undefined,
    error: status >= 300 ? body : undefined,
    response: new Response(null, { status }),
  });

describe("governance write outcomes", () => {
  it("reads 200, 201 and 204 as applied", () => {
    expect(outcomeOf(200, { id: "p1", name: "Tone" })).toEqual({ applied: true });
    expect(outcomeOf(201, { id: "p1", name: "Tone" })).toEqual({ applied: true });
    expect(outcomeOf(204, undefined)).toEqual({ applied: true });
  });

  it("reads 202 as sent for review, with the change request it opened", () => {
    const body = { id: "cr-1", title: "Policy 'Tone' on Platform: update", kind: "governance" };
    expect(outcomeOf(202, body)).toEqual({
      applied: false,
      review: { id: "cr-1", title: "Policy 'Tone' on Platform: update" },
    });
    expect(() => outcomeOf(202, {})).toThrow("without the change request");
  });

  it("throws the API's error for a refused write", async () => {
    await expect(governanceOutcome(answer(403, { detail: "Only admins…", code: "forbidden" }))).rejects.toBeInstanceOf(
      ApiError,
    );
    await expect(governanceOutcome(answer(202, { id: "cr-2", title: "t" }))).resolves.toMatchObject({ applied: false });
  });

  it("links to the change request's page", () => {
    expect(reviewHref("a/b")).toBe("/reviews/a%2Fb");
  });
});
