import { createLoader, createSerializer } from "nuqs";
import { describe, expect, it } from "vitest";
import { parseAsFlag, parseAsMatching, parseAsPage } from "./search-params";

const parsers = { page: parseAsPage, deprecated: parseAsFlag, id: parseAsMatching(/^[\w-]{1,64}$/) };
const load = createLoader(parsers);
const serialize = createSerializer(parsers);

describe("list parameters in the URL", () => {
  it("reads a page, a ticked box and a well-formed id", () => {
    expect(load("?page=3&deprecated=1&id=u-1")).toEqual({ page: 3, deprecated: true, id: "u-1" });
  });

  it("reads what cannot be right as absent", () => {
    expect(load("?page=0")).toEqual({ page: 1, deprecated: false, id: "" });
    expect(load("?page=-2&deprecated=yes&id=x%26y%3D1")).toEqual({ page: 1, deprecated: false, id: "" });
    expect(load("?page=two")).toMatchObject({ page: 1 });
  });

  it("leaves defaults out of the URL and round-trips the rest", () => {
    expect(serialize("/prompts", { page: 1, deprecated: false, id: "" })).toBe("/prompts");
    const url = serialize("/prompts", { page: 2, deprecated: true, id: "u-1" });
    expect(load(new URL(url, "http://x").searchParams)).toEqual({ page: 2, deprecated: true, id: "u-1" });
  });
});
