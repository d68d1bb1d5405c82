import type { WorkflowRunStepRecord } from "../../db/schema.js";
import type { StepResult } from "./workflow-run.js";

/**
 * What one recorded run may hold of inputs and step texts, in UTF-8 bytes. Runs can be large
 * (50 steps, each rendering long documents) and frequent: without a bound, history would grow the
 * database by whatever callers send. The input takes at most half, the steps share the rest in
 * order, so the first steps (usually the ones that explain a failure) are kept whole first.
 */
export const RUN_RECORD_MAX_BYTES = 64 * 1024;
const INPUT_MAX_BYTES = RUN_RECORD_MAX_BYTES / 2;

/** Appended where text was cut, saying how much is missing. */
export const truncationMarker = (missingBytes: number) => `… [truncated: ${missingBytes} bytes not kept]`;

const byteLength = (text: string) => Buffer.byteLength(text, "utf8");

/** Tracks the bytes left and whether anything was cut. */
class Budget {
  truncated = false;
  constructor(public left: number) {}

  /** The text whole if it fits, else its first bytes and a marker (or just the marker). */
  text(value: string): string {
    const size = byteLength(value);
    if (size <= this.left) {
      this.left -= size;
      return value;
    }
    this.truncated = true;
    const keep = Math.max(0, this.left);
    // Cutting bytes can split a character: its remains decode to U+FFFD, which is dropped.
    const head = Buffer.from(value, "utf8")
      .subarray(0, keep)
      .toString("utf8")
      .replace(/\uFFFD+$/, "");
    this.left = 0;
    return head + truncationMarker(size - byteLength(head));
  }
}

/**
 * The input as stored: its structure kept, long strings cut, and fields past the bound replaced
 * by one `"…"` entry counting them. Sizes count each value's JSON text.
 */
function boundValue(value: unknown, budget: Budget): unknown {
  if (typeof value === "string") return budget.text(value);
  if (value === null || typeof value !== "object") {
    const size = byteLength(JSON.stringify(value) ?? "null");
    budget.left -= size;
    return value;
  }
  const entries: [string, unknown][] = Array.isArray(value)
    ? value.map((item, index) => [String(index), item])
    : Object.entries(value);
  const kept: [string, unknown][] = [];
  for (const [index, [key, item]] of entries.entries()) {
    if (budget.left <= 0) {
      budget.truncated = true;
      kept.push(["…", `[truncated: ${entries.length - index} more entries not kept]`]);
      break;
    }
    budget.left -= byteLength(key) + 4;
    kept.push([key, boundValue(item, budget)]);
  }
  return Array.isArray(value) ? kept.map(([, item]) => item) : Object.fromEntries(kept);
}

const ERROR_MAX_BYTES = 2048;

/** An error message within its own small bound. */
export const boundError = (error: string) => new Budget(ERROR_MAX_BYTES).text(error);

export type BoundedRun = { input: Record<string, unknown>; steps: WorkflowRunStepRecord[]; truncated: boolean };

/** The run's input and step results within `RUN_RECORD_MAX_BYTES`, cut with a marker where needed. */
export function boundRunRecord(input: Record<string, unknown>, steps: StepResult[]): BoundedRun {
  const inputBudget = new Budget(INPUT_MAX_BYTES);
  const boundedInput = boundValue(input, inputBudget) as Record<string, unknown>;
  const stepBudget = new Budget(RUN_RECORD_MAX_BYTES - (INPUT_MAX_BYTES - Math.max(0, inputBudget.left)));
  const boundedSteps = steps.map((step) => ({
    step_id: step.stepId,
    prompt_name: step.promptName,
    prompt_version: step.promptVersion,
    status: step.status,
    system_message: step.systemMessage === null ? null : stepBudget.text(step.systemMessage),
    user_message: stepBudget.text(step.userMessage),
    // A run has at most one error and it explains the run: it never gives way to outputs.
    error: step.error === null ? null : boundError(step.error),
    duration_ms: step.durationMs,
  }));
  return { input: boundedInput, steps: boundedSteps, truncated: inputBudget.truncated || stepBudget.truncated };
}
