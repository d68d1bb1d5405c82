import { describe, expect, it } from "vitest";
import { callerText, channelText, durationText, inputText, runSummaryText, statusText } from "./run-summary";

const run = {
  user_id: "u1",
  username: "ada",
  api_key_id: null,
  channel: "mcp" as const,
  status: "succeeded" as const,
  step_count: 2,
  duration_ms: 42,
};

describe("run summaries", () => {
  it("name the caller: you, a username, anonymous, and an API key when one was used", () => {
    expect(callerText(run, "u1")).toBe("you");
    expect(callerText(run, "u2")).toBe("ada");
    expect(callerText({ ...run, api_key_id: "k1" }, "u2")).toBe("ada (API key)");
    expect(callerText({ ...run, user_id: null, username: null }, "u1")).toBe("anonymous");
    expect(callerText({ ...run, username: null }, "u2")).toBe("a former user");
  });

  it("say durations in ms, seconds and minutes", () => {
    expect(durationText(0)).toBe("0 ms");
    expect(durationText(999)).toBe("999 ms");
    expect(durationText(1500)).toBe("1.5 s");
    expect(durationText(12_400)).toBe("12 s");
    expect(durationText(125_000)).toBe("2 min 5 s");
  });

  it("name channels and statuses", () => {
    expect(channelText("web")).toBe("Web UI");
    expect(channelText("cli")).toBe("CLI");
    expect(statusText("failed")).toEqual({ label: "Failed", variant: "destructive" });
  });

  it("sum a run up in one sentence", () => {
    expect(runSummaryText(run, "Dec 4, 2026, 11:40 PM", "u2")).toBe(
      "Succeeded run by ada via MCP, Dec 4, 2026, 11:40 PM, 2 steps in 42 ms",
    );
    expect(runSummaryText({ ...run, step_count: 1, status: "failed" }, "now", "u1")).toBe(
      "Failed run by you via MCP, now, 1 step in 42 ms",
    );
  });

  it("show the input as JSON, or say there was none", () => {
    expect(inputText({})).toBe("No input.");
    expect(inputText({ who: "Ada" })).toBe('{\n  "who": "Ada"\n}');
  });
});
