import { describe, expect, it } from "vitest";
import { ApiError } from "@/lib/api/errors";
import { refusedUrlMessage } from "./server-errors";

describe("refusedUrlMessage", () => {
  it("finds the backend's reason for refusing the address", () => {
    const refused = new ApiError(422, {
      code: "webhook_url_refused",
      detail: "url resolves to a private address (10.0.0.5); an admin can allow private addresses in Settings",
    });
    expect(refusedUrlMessage(refused)).toMatch(/^url resolves to a private address/);
    const invalid = new ApiError(422, { detail: [{ loc: ["body", "url"], msg: "Invalid URL", type: "custom" }] });
    expect(refusedUrlMessage(invalid)).toBe("Invalid URL");
  });

  it("leaves other errors to the form's alert", () => {
    expect(refusedUrlMessage(new ApiError(403, { detail: "You do not manage the url's team" }))).toBeNull();
    expect(refusedUrlMessage(new ApiError(422, { detail: "events: duplicate event" }))).toBeNull();
    expect(refusedUrlMessage(new TypeError("fetch failed"))).toBeNull();
  });
});
