import { describe, expect, it } from "vitest";
import { ApiError, errorMessage, fieldErrors, formatApiError, issuePath } from "./errors";

describe("formatApiError", () => {
  it("uses the backend's detail sentence as it is", () => {
    expect(formatApiError(409, { detail: "Prompt 'review' already exists", code: "conflict" })).toBe(
      "Prompt 'review' already exists",
    );
  });

  it("lists validation problems one per line, named by field path without the request part", () => {
    const body = {
      detail: [
        { loc: ["body", "version", "input_schema"], msg: "is not a valid JSON Schema", type: "invalid" },
        { loc: ["body", "version", "tags", 2], msg: "too long", type: "too_big" },
        { loc: ["body"], msg: "unexpected property 'x'", type: "unrecognized_keys" },
      ],
      code: "validation_error",
    };
    expect(formatApiError(422, body)).toBe(
      "version.input_schema: is not a valid JSON Schema\nversion.tags[2]: too long\nunexpected property 'x'",
    );
  });

  it("explains the proxy's 502 in words", () => {
    expect(formatApiError(502, { error: "Backend unavailable" })).toBe(
      "The SpecHub backend is unavailable. Try again shortly.",
    );
  });

  it("falls back to a message for the status when the body says nothing useful", () => {
    expect(formatApiError(403, undefined)).toBe("You do not have permission to do that.");
    expect(formatApiError(429, {})).toBe("Too many attempts. Wait a moment and try again.");
    expect(formatApiError(500, "<html>Internal Server Error</html>")).toBe("The server had a problem (500).");
    expect(formatApiError(418, { detail: "" })).toBe("Request failed (418).");
    expect(formatApiError(400, "plain words")).toBe("plain words");
  });
});

describe("issuePath", () => {
  it.each([
    [["body", "name"], "name"],
    [["query", "page_size"], "page_size"],
    [["body", "input", "items", 0, "id"], "input.items[0].id"],
    [["input"], "input"],
    [["body"], ""],
  ] as const)("%j → %s", (loc, path) => {
    expect(issuePath([...loc])).toBe(path);
  });
});

describe("fieldErrors", () => {
  it("maps each field path to its first message", () => {
    const body = {
      detail: [
        { loc: ["body", "username"], msg: "too short", type: "too_small" },
        { loc: ["body", "username"], msg: "bad characters", type: "invalid_string" },
        { loc: ["body", "password"], msg: "too short", type: "too_small" },
        { loc: ["body"], msg: "whole body", type: "x" },
      ],
    };
    expect(fieldErrors(body)).toEqual({ username: "too short", password: "too short" });
    expect(fieldErrors({ detail: "not a list" })).toEqual({});
  });
});

describe("ApiError and errorMessage", () => {
  it("carries status, code, message and field problems", () => {
    const error = new ApiError(422, {
      detail: [{ loc: ["body", "input", "code"], msg: "is required", type: "required" }],
      code: "validation_error",
    });
    expect(error).toMatchObject({ status: 422, code: "validation_error", message: "input.code: is required" });
    expect(error.fields).toEqual({ "input.code": "is required" });
    expect(errorMessage(error)).toBe("input.code: is required");
  });

  it("describes a request that never got an answer as a connection problem", () => {
    expect(errorMessage(new TypeError("fetch failed"))).toBe(
      "Cannot reach SpecHub. Check your connection and try again.",
    );
    expect(errorMessage("???")).toBe("Something went wrong.");
  });
});
