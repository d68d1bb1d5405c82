import { describe, expect, it } from "vitest";
import type { StepResult } from "./workflow-run.js";
import { boundRunRecord, RUN_RECORD_MAX_BYTES } from "./workflow-run-record.js";

const step = (stepId: string, userMessage: string, extra: Partial<StepResult> = {}): StepResult => ({
  stepId,
  promptName: "p",
  promptVersion: "1",
  systemMessage: null,
  userMessage,
  status: "success",
  error: null,
  durationMs: 3,
  ...extra,
});

describe("boundRunRecord", () => {
  it("keeps a small run whole", () => {
    const bounded = boundRunRecord({ who: "Ada", n: 3, nested: { list: [1, "two"] } }, [step("a", "Hello Ada")]);
    expect(bounded).toEqual({
      input: { who: "Ada", n: 3, nested: { list: [1, "two"] } },
      steps: [
        {
          step_id: "a",
          prompt_name: "p",
          prompt_version: "1",
          status: "success",
          system_message: null,
          user_message: "Hello Ada",
          error: null,
          duration_ms: 3,
        },
      ],
      truncated: false,
    });
  });

  it("cuts step texts in order once the bound is reached, with a marker saying how much is missing", () => {
    const long = "x".repeat(RUN_RECORD_MAX_BYTES);
    const bounded = boundRunRecord({}, [step("a", "short"), step("b", long), step("c", "late")]);
    expect(bounded.truncated).toBe(true);
    expect(bounded.steps[0]?.user_message).toBe("short");
    expect(bounded.steps[1]?.user_message).toMatch(/^x+… \[truncated: \d+ bytes not kept\]$/);
    expect(bounded.steps[2]?.user_message).toBe("… [truncated: 4 bytes not kept]");
    const kept = bounded.steps.reduce((sum, s) => sum + Buffer.byteLength(s.user_message), 0);
    expect(kept).toBeLessThan(RUN_RECORD_MAX_BYTES + 200);
  });

  it("never splits a character and keeps an error whole even when outputs used the bound", () => {
    const bounded = boundRunRecord({ text: "é".repeat(RUN_RECORD_MAX_BYTES) }, [
      step("a", "ü".repeat(RUN_RECORD_MAX_BYTES)),
      step("b", "", { status: "error", error: "Prompt 'p' not found" }),
    ]);
    expect(bounded.input.text).toMatch(/^é+… \[truncated/);
    expect(bounded.input.text).not.toContain("\uFFFD");
    expect(bounded.steps[0]?.user_message).toMatch(/^ü+… \[truncated/);
    expect(bounded.steps[1]?.error).toBe("Prompt 'p' not found");
  });

  it("gives the input at most half the bound and the steps what it leaves", () => {
    const bounded = boundRunRecord({ text: "i".repeat(RUN_RECORD_MAX_BYTES) }, [
      step("a", "o".repeat(RUN_RECORD_MAX_BYTES)),
    ]);
    const inputBytes = Buffer.byteLength(String(bounded.input.text));
    const outputBytes = Buffer.byteLength(bounded.steps[0]?.user_message ?? "");
    expect(inputBytes).toBeLessThan(RUN_RECORD_MAX_BYTES / 2 + 100);
    expect(outputBytes).toBeGreaterThan(RUN_RECORD_MAX_BYTES / 2 - 200);
    expect(inputBytes + outputBytes).toBeLessThan(RUN_RECORD_MAX_BYTES + 200);
  });
});
