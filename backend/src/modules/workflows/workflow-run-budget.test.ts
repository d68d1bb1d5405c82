import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { registerAdmin, type Session, unique } from "../../test/factories.js";
import { createTestContext, type TestContext } from "../../test/harness.js";
import { DEFAULT_LIMITS } from "../expansion/template-engine.js";
import { MAX_STEPS } from "./workflows.schemas.js";

/** One workflow run is one request: its steps share one render budget and let other requests in between. */

let t: TestContext;
let author: Session;
/** A public workflow of the most steps allowed, each rendering for a noticeable time (~0.1 s on an idle machine, so 50 steps overrun 2 s with room to spare). */
let slowWorkflowId: string;

const SLOW_TEMPLATE = "{% for i in range(9000) %}{{ ('x' ~ i) | upper | lower | trim }}{% endfor %}";

beforeAll(async () => {
  t = await createTestContext();
  author = await registerAdmin(t.app);
  const name = unique("slow").toLowerCase();
  const prompt = await t.app.inject({
    method: "POST",
    url: "/api/v1/prompts",
    headers: author.auth,
    payload: { name, visibility: "public", version: { version: "1", user_template: SLOW_TEMPLATE, input_schema: {} } },
  });
  expect(prompt.statusCode, prompt.body).toBe(201);
  const steps = Array.from({ length: MAX_STEPS }, (_, i) => ({
    id: `s${i}`,
    prompt_name: name,
    depends_on: i === 0 ? [] : [`s${i - 1}`],
  }));
  const workflow = await t.app.inject({
    method: "POST",
    url: "/api/v1/workflows",
    headers: author.auth,
    payload: { name: unique("slow-run"), visibility: "public", steps },
  });
  expect(workflow.statusCode, workflow.body).toBe(201);
  slowWorkflowId = workflow.json().id;
});
afterAll(async () => t?.close());

const health = () => t.app.inject({ method: "GET", url: "/health" });

const runSlowWorkflow = () =>
  t.app.inject({ method: "POST", url: `/api/v1/workflows/${slowWorkflowId}/run`, payload: { input: {} } });

type StepResult = { step_id: string; status: string; error: string | null; duration_ms: number };

describe("a workflow run's shared budget", () => {
  it("cuts a long run off at the shared render deadline, reporting it as the failing step", {
    timeout: 60_000,
  }, async () => {
    const response = await runSlowWorkflow();
    expect(response.statusCode).toBe(200);
    const steps = response.json().steps as StepResult[];
    const failed = steps.at(-1) as StepResult;
    expect(steps.length).toBeLessThan(MAX_STEPS);
    expect(steps.slice(0, -1).every((step) => step.status === "success")).toBe(true);
    expect(failed).toMatchObject({ status: "error", step_id: `s${steps.length - 1}` });
    const shared = "Workflow run exceeded its render time: 2000 ms shared by all its steps";
    if (failed.duration_ms < DEFAULT_LIMITS.maxRenderMs) {
      expect(failed.error).toBe(shared);
    } else {
      // A loaded machine can stall one step past its own limit while the run still has more time
      // than that left; the step then rightly reports its own limit (template-engine.test.ts
      // checks which limit is reported when, without depending on the clock).
      expect([shared, `Template rendering took longer than ${DEFAULT_LIMITS.maxRenderMs} ms`]).toContain(failed.error);
    }
  });

  it("lets the event loop turn between steps, so other requests are answered during a run", {
    timeout: 60_000,
  }, async () => {
    // Everything the run reads is cached by now: without a yield between steps it never lets go.
    await runSlowWorkflow();
    let turns = 0;
    let running = true;
    let healthDuringRun: number | null = null;
    const turn = () => {
      if (!running) return;
      turns++;
      // Asked while the run is under way; answered during it only if the run lets it through.
      if (turns === 3) {
        void health().then((answer) => {
          if (running) healthDuringRun = answer.statusCode;
        });
      }
      setImmediate(turn);
    };
    setImmediate(turn);
    const response = await runSlowWorkflow();
    running = false;
    const stepsRun = (response.json().steps as StepResult[]).length;
    expect(turns).toBeGreaterThanOrEqual(stepsRun);
    expect(healthDuringRun).toBe(200);
  });
});
