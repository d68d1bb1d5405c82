import { describe, expect, it } from "vitest";
import { labelImpact, labelsByVersion } from "./labels";

describe("labelsByVersion", () => {
  it("groups labels under their version, production first", () => {
    const byVersion = labelsByVersion({ staging: "1.3.0", production: "1.2.0", canary: "1.2.0" });
    expect(Object.fromEntries(byVersion)).toEqual({ "1.2.0": ["production", "canary"], "1.3.0": ["staging"] });
  });
});

describe("labelImpact", () => {
  const prompt = "code-review";

  it("says which version production callers get instead of which", () => {
    expect(labelImpact({ prompt, label: "production", from: "1.2.0", to: "1.3.0", latest: "1.3.0" })).toBe(
      "Callers of code-review will get version 1.3.0 instead of 1.2.0 (production).",
    );
  });

  it("compares with the latest version when production is not set", () => {
    expect(labelImpact({ prompt, label: "production", from: null, to: "1.2.0", latest: "1.3.0" })).toBe(
      "Callers of code-review will get version 1.2.0 instead of the latest version (1.3.0).",
    );
    expect(labelImpact({ prompt, label: "production", from: null, to: "1.3.0", latest: "1.3.0" })).toBe(
      "Callers of code-review keep getting version 1.3.0; newer versions will not be served until production moves.",
    );
  });

  it("says that clearing production serves the latest version", () => {
    expect(labelImpact({ prompt, label: "production", from: "1.2.0", to: null, latest: "1.3.0" })).toBe(
      "Callers of code-review will get the latest version (1.3.0) instead of 1.2.0 (production).",
    );
    expect(labelImpact({ prompt, label: "production", from: "1.3.0", to: null, latest: "1.3.0" })).toMatch(
      /keep getting version 1.3.0, and from now on each newer version/,
    );
  });

  it("says that clearing a protected production leaves callers without a version", () => {
    expect(
      labelImpact({ prompt, label: "production", from: "1.2.0", to: null, latest: "1.3.0", productionProtected: true }),
    ).toBe(
      "Once approved, callers of code-review get no version by default (instead of 1.2.0) until a version is put on production again.",
    );
  });

  it("speaks of callers asking for other labels", () => {
    expect(labelImpact({ prompt, label: "staging", from: "1.2.0", to: "1.3.0", latest: "1.3.0" })).toBe(
      "Callers asking code-review for staging will get version 1.3.0 instead of 1.2.0.",
    );
    expect(labelImpact({ prompt, label: "staging", from: null, to: "1.3.0", latest: "1.3.0" })).toBe(
      "New label staging: callers asking code-review for staging will get version 1.3.0.",
    );
    expect(labelImpact({ prompt, label: "staging", from: "1.2.0", to: null, latest: "1.3.0" })).toBe(
      "Callers asking code-review for staging will get an error until staging is set again.",
    );
  });
});
