import { describe, expect, it } from "vitest";
import { EXCERPT_MAX_BYTES, excerptOf, redactText } from "./usage-excerpt.js";
import { estimatePercentile, LATENCY_BUCKETS, latencyBucket } from "./usage-rollup.js";

describe("excerpts", () => {
  it("redact emails, bearer tokens, API keys and long hex or base64 runs", () => {
    const text = [
      "write to ann.lee+x@mail.example.org",
      "Authorization: Bearer abc.def-ghi",
      `key pcp_${"Zz9_".repeat(10)}`,
      `sha ${"0123456789abcdef".repeat(4)}`,
      `blob ${"QUJD".repeat(12)}==`,
      "keep short words and ids like 1.2.0",
    ].join("\n");
    expect(redactText(text)).toBe(
      [
        "write to [redacted]",
        "Authorization: [redacted]",
        "key [redacted]",
        "sha [redacted]",
        "blob [redacted]",
        "keep short words and ids like 1.2.0",
      ].join("\n"),
    );
  });

  it("keep short text whole and cut long text to 1 KB, never leaving part of a secret at the cut", () => {
    expect(excerptOf('{"topic":"tests"}')).toBe('{"topic":"tests"}');
    const long = `${"é".repeat(600)} ${"a1b2".repeat(200)}`;
    const excerpt = excerptOf(long);
    expect(Buffer.byteLength(excerpt)).toBeLessThanOrEqual(EXCERPT_MAX_BYTES);
    expect(excerpt.endsWith("…")).toBe(true);
    expect(excerpt).not.toContain("a1b2");
    // A secret the window cuts too short to recognise is dropped, as is a cut `[redacted]`.
    const secret = "0123456789abcdef".repeat(3);
    const cutSecret = `${`${secret} `.repeat(41)}tail tail tail tail ${secret}`;
    const shrunk = excerptOf(cutSecret);
    expect(shrunk).toMatch(/\[redacted\] tail tail tail tail …$/);
    expect(shrunk).not.toContain("0123");
    expect(excerptOf(`${"word ".repeat(204)}${secret}`)).toMatch(/word …$/);
    expect(excerptOf("x\u0000y")).toBe("xy");
  });
});

describe("latency histogram", () => {
  it("buckets like width_bucket and estimates percentiles within a bucket", () => {
    expect([0, 0.99, 1, 4.9, 5, 1999, 2000, 1e6].map(latencyBucket)).toEqual([0, 0, 1, 2, 3, 10, 11, 11]);
    const histogram = new Array(LATENCY_BUCKETS).fill(0);
    histogram[3] = 10; // [5, 10)
    histogram[5] = 10; // [20, 50)
    expect(estimatePercentile(histogram, 0.25, 40)).toBe(7.5);
    expect(estimatePercentile(histogram, 0.75, 40)).toBe(30);
    expect(estimatePercentile(histogram, 1, 40)).toBe(40);
    expect(estimatePercentile(new Array(LATENCY_BUCKETS).fill(0), 0.5, 0)).toBe(0);
  });
});
