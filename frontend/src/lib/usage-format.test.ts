import { describe, expect, it } from "vitest";
import {
  callerLabel,
  channelLabel,
  countOf,
  formatBytes,
  formatLatency,
  formatPercent,
  labelText,
  promptAtVersion,
} from "./usage-format";

describe("formatLatency", () => {
  it("gives milliseconds below a second and seconds from there", () => {
    expect(formatLatency(0)).toBe("0 ms");
    expect(formatLatency(12.34)).toBe("12.3 ms");
    expect(formatLatency(999.9)).toBe("999.9 ms");
    expect(formatLatency(1250)).toBe("1.25 s");
  });
});

describe("formatBytes", () => {
  it("picks the unit that keeps the number short, and a dash for no output", () => {
    expect(formatBytes(null)).toBe("—");
    expect(formatBytes(512)).toBe("512 B");
    expect(formatBytes(1536)).toBe("1.5 KB");
    expect(formatBytes(3 * 1024 * 1024)).toBe("3 MB");
  });
});

describe("countOf", () => {
  it("uses the singular for one only", () => {
    expect(countOf(1, "prompt", "prompts")).toBe("1 prompt");
    expect(countOf(0, "prompt", "prompts")).toBe("0 prompts");
    expect(countOf(2500, "time", "times")).toBe("2,500 times");
  });
});

describe("formatPercent", () => {
  it("keeps the one decimal the API rounds to", () => {
    expect(formatPercent(51.5)).toBe("51.5 %");
    expect(formatPercent(0)).toBe("0 %");
  });
});

describe("callerLabel", () => {
  const user = { username: "ada", display_name: "Ada Lovelace" };

  it("names the person, and the key they used", () => {
    expect(callerLabel({ caller_type: "user", user, api_key: null })).toBe("Ada Lovelace");
    expect(callerLabel({ caller_type: "api_key", user, api_key: { name: "ci-bot" } })).toBe(
      "Ada Lovelace · key ci-bot",
    );
    expect(callerLabel({ caller_type: "user", user: { username: "grace", display_name: null }, api_key: null })).toBe(
      "grace",
    );
  });

  it("says when the key is gone, and when nobody signed in", () => {
    expect(callerLabel({ caller_type: "api_key", user: null, api_key: { name: null } })).toBe("key (deleted)");
    expect(callerLabel({ caller_type: "anonymous", user: null, api_key: null })).toBe("Anonymous");
  });
});

describe("event parts", () => {
  it("reads a channel, a prompt's version and a label", () => {
    expect(channelLabel("mcp_tool")).toBe("MCP tool");
    expect(channelLabel("carrier_pigeon")).toBe("carrier_pigeon");
    expect(promptAtVersion({ prompt: "summarize", version: "1.2.0" })).toBe("summarize@1.2.0");
    expect(labelText(null)).toBe("exact version");
    expect(labelText("staging")).toBe("staging");
  });
});
